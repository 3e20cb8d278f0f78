// @ts-check
import path from "node:path";
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Extension-only code that the pure core must never depend on. */
const EXTENSION_DIRS = [
  "background",
  "content",
  "contents",
  "engine",
  "hook",
  "messaging",
  "options",
  "popup",
  "tabs",
  "ui",
  "harness",
];
const ROOT = import.meta.dirname;

/**
 * Resolves each import/export specifier the way the bundler would ("./x", "../x", "~x" = repo root)
 * and reports it when it lands in one of EXTENSION_DIRS. Exact, unlike name patterns, which would
 * also hit a core module that happens to be called "options".
 * @type {import("eslint").Rule.RuleModule}
 */
const noExtensionImports = {
  meta: {
    type: "problem",
    schema: [],
    messages: {
      forbidden: "{{spec}} resolves into {{dir}}/: core/ must not import from extension contexts.",
    },
  },
  create(context) {
    /** @param {import("estree").Node & { source?: import("estree").Expression | null }} node */
    function check(node) {
      const source = node.source;
      if (!source || source.type !== "Literal" || typeof source.value !== "string") return;
      const spec = source.value;
      let target;
      if (spec.startsWith("~")) target = path.join(ROOT, spec.slice(1));
      else if (spec.startsWith(".")) target = path.resolve(path.dirname(context.filename), spec);
      else return;
      const [dir] = path.relative(ROOT, target).split(path.sep);
      if (dir !== undefined && EXTENSION_DIRS.includes(dir)) {
        context.report({ node: source, messageId: "forbidden", data: { spec, dir } });
      }
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  {
    ignores: ["build/", ".plasmo/", "node_modules/", "coverage/", "artifacts/", ".cache/", "tmp/"],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: "error",
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    // Plain JS config files are not part of the TypeScript project (tsconfig has allowJs off), so
    // the type-aware rules cannot run on them; this preset switches exactly those rules off.
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // CommonJS for Parcel, which loads the build's resolver plugin with require.
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", console: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.tsx"],
    extends: [reactHooks.configs.flat["recommended-latest"]],
    rules: {
      // The shipped React DOM cannot set innerHTML (scripts/bundle-patches.cjs): Mozilla's linter
      // rejects the dynamic innerHTML assignment behind this prop.
      "no-restricted-syntax": [
        "error",
        ...["JSXAttribute[name.name", "Property[key.name"].map((node) => ({
          selector: `${node}='dangerouslySetInnerHTML']`,
          message: "dangerouslySetInnerHTML is not supported in this extension's React DOM build.",
        })),
      ],
    },
  },
  {
    // The core is a pure TypeScript library: no extension contexts, no extension APIs.
    files: ["core/**/*.{ts,tsx}"],
    plugins: { local: { rules: { "no-extension-imports": noExtensionImports } } },
    rules: {
      "local/no-extension-imports": "error",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "webextension-polyfill",
              message: "core/ is a pure library: it must not use browser extension APIs.",
            },
          ],
          patterns: [
            {
              group: ["plasmo", "plasmo/**", "@plasmohq/**"],
              message: "core/ must not depend on the Plasmo framework.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "chrome", message: "core/ must not use browser extension APIs." },
        { name: "browser", message: "core/ must not use browser extension APIs." },
      ],
      "no-restricted-properties": [
        "error",
        ...["globalThis", "self", "window"].flatMap((object) => [
          { object, property: "chrome", message: "core/ must not use browser extension APIs." },
          { object, property: "browser", message: "core/ must not use browser extension APIs." },
        ]),
      ],
    },
  },
);
