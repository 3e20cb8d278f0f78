/**
 * Lints a Firefox build with Mozilla's addons-linter (what `web-ext lint` and addons.mozilla.org
 * run), prints every message, and exits non-zero on any error or warning (notices are printed but
 * pass). Usage: `tsx scripts/lint-firefox.ts [dir]`, dir defaulting to build/firefox-mv3-prod.
 */
import addonsLinter, { type LinterMessage } from "addons-linter";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const dir = resolve(process.argv[2] ?? "build/firefox-mv3-prod");
if (!existsSync(`${dir}/manifest.json`)) {
  console.error(`${dir}/manifest.json does not exist: build the Firefox package first`);
  process.exit(2);
}

const linter = addonsLinter.createInstance({
  config: {
    _: [dir],
    logLevel: "fatal",
    stack: false,
    pretty: false,
    warningsAsErrors: false,
    metadata: false,
    output: "none",
    boring: false,
    selfHosted: false,
  },
  runAsBinary: false,
});
const output = await linter.run();

const where = (m: LinterMessage) => {
  if (m.file === undefined) return "";
  const position = [m.line, m.column].filter((n) => n !== undefined).map(String);
  return ` (${[m.file, ...position].join(":")})`;
};
for (const m of [...output.errors, ...output.warnings, ...output.notices]) {
  const description = Array.isArray(m.description) ? m.description.join(" ") : m.description;
  console.log(`${m.type.toUpperCase()} ${m.code}${where(m)}: ${m.message}`);
  if (description !== undefined && description !== "") console.log(`  ${description}`);
}
const { errors, warnings, notices } = output.summary;
console.log(
  `addons-linter ${dir}: ${String(errors)} errors, ${String(warnings)} warnings, ${String(notices)} notices`,
);
process.exit(errors + warnings > 0 ? 1 : 0);
