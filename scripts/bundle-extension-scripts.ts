// Bundles, after `plasmo build`, what the extension needs under fixed names and without a UI
// framework, with esbuild:
// - the page hook (MAIN world) and its relay (isolated world), page-hook.js and page-relay.js:
//   the background registers them with chrome.scripting.registerContentScripts for the sites
//   the viewer enabled, so their names must be known (Plasmo's content scripts get hashed names
//   and static matches);
// - the fast path's bridge page, bridge.html + bridge.js (web-accessible; the relay's iframe
//   loads it in a few ms instead of the ~160 ms a Plasmo React tab page took);
// - Chrome: the engine's offscreen document, offscreen.html + offscreen.js (no React: it shows
//   nothing, and its start is on the path of a page's first segments);
// - Firefox: the event page's background.js, which carries the engine (background/event-page.ts),
//   instead of the bridge and the offscreen document.
// The page's two scripts are built apart from the extension's (`pageScripts` below): no logging
// and no XML DOM in them.
import { build, type BuildOptions, type Plugin } from "esbuild";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { PATCHED_FILES, patchSource } from "./bundle-patches.cjs";

const page = (script: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="/${script}"></script></head></html>\n`;

/**
 * bittorrent-tracker's package.json maps its Node-only modules (HTTP and UDP trackers, the
 * server) to `false` for browsers; esbuild 0.18 cannot default-import a disabled module, so they
 * become empty modules here (the browser client never calls them).
 */
const disabledNodeModules: Plugin = {
  name: "bittorrent-tracker-browser",
  setup(build) {
    build.onResolve({ filter: /(http-tracker|udp-tracker|server|common-node)\.js$/ }, (args) =>
      args.importer.includes("bittorrent-tracker")
        ? { path: args.path, namespace: "empty" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export default {}" }));
  },
};

/**
 * The substitutions of scripts/bundle-patches.cjs (no code generation from strings, no dynamic
 * innerHTML in dependencies), the same that .parcelrc applies to Plasmo's bundles.
 */
export const bundlePatches: Plugin = {
  name: "bundle-patches",
  setup(build) {
    const escaped = PATCHED_FILES.map((file) =>
      file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replaceAll("/", "[\\\\/]"),
    );
    const filter = new RegExp(`[\\\\/]node_modules[\\\\/](${escaped.join("|")})$`);
    build.onLoad({ filter }, async (args) => {
      const contents = patchSource(args.path, await readFile(args.path, "utf8"));
      return contents === undefined ? undefined : { contents, loader: "js" };
    });
  },
};

/**
 * For the scripts that run in a page (the hook in its world, the relay beside it), two modules
 * are replaced by stubs:
 * - `debug` by one that never logs: in a page it takes its switch from the page's own
 *   `localStorage.debug` (any site could turn the extension's logs on) and writes to a console
 *   the page can wrap, so the page scripts log nothing in any build; their logs are for Node
 *   (unit tests, the simulator), where the real `debug` runs;
 * - `@xmldom/xmldom` (~70 KB), mpd-parser's XML DOM for `stringToMpdXml`, which the hook never
 *   calls: hook/stream/mpd-xml.ts reads the MPD. The stub throws if anything ever does.
 */
export const pageScripts: Plugin = {
  name: "page-scripts",
  setup(build) {
    build.onResolve({ filter: /^(debug|@xmldom\/xmldom)$/ }, (args) => ({
      path: args.path,
      namespace: "page-stub",
    }));
    build.onLoad({ filter: /^debug$/, namespace: "page-stub" }, () => ({
      contents: "const off = () => {}; off.enabled = false; export default () => off;",
    }));
    build.onLoad({ filter: /^@xmldom\/xmldom$/, namespace: "page-stub" }, () => ({
      contents: `export class DOMParser { constructor() { throw new Error("no XML DOM in the page hook: hook/stream/mpd-xml.ts reads MPDs"); } }`,
    }));
  },
};

export interface BundleOptions {
  /**
   * `__P2PV_TEST_BUILD__` is true, which keeps the engine's test-only fault switches
   * (engine/test-faults.ts); in the store build it is false and esbuild drops them.
   */
  testBuild?: boolean;
  /** The browser the package is for (`__P2PV_FIREFOX__`); Chrome by default. */
  browser?: "chrome" | "firefox";
}

/** The scripts that run in web pages, the same for both browsers. */
const PAGE_ENTRIES = {
  "page-hook": "content/hook-main.ts",
  "page-relay": "content/relay.ts",
};

/** The scripts that run in the extension's own pages, per browser. */
const EXTENSION_ENTRIES = {
  chrome: {
    bridge: "content/bridge.ts",
    offscreen: "engine/offscreen-page.ts",
  },
  firefox: {
    background: "background/event-page.ts",
  },
};

/** Bundles the browser's scripts into `outdir`. */
export async function bundleExtensionScripts(
  outdir: string,
  options: BundleOptions = {},
): Promise<void> {
  if (!existsSync(outdir)) throw new Error(`${outdir} does not exist: run plasmo build first`);
  const target = options.browser ?? "chrome";
  const testBuild = options.testBuild === true;
  const common = {
    outdir,
    bundle: true,
    format: "iife",
    target: ["chrome111", "firefox128"],
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    // What Parcel would polyfill: bittorrent-tracker's client reads `process.browser`.
    define: {
      "process.env.NODE_ENV": '"production"',
      "process.browser": "true",
      global: "globalThis",
      __P2PV_TEST_BUILD__: String(testBuild),
      __P2PV_FIREFOX__: String(target === "firefox"),
    },
  } satisfies BuildOptions;
  await build({
    ...common,
    entryPoints: PAGE_ENTRIES,
    plugins: [pageScripts, bundlePatches],
  });
  await build({
    ...common,
    entryPoints: EXTENSION_ENTRIES[target],
    plugins: [disabledNodeModules, bundlePatches],
  });
  if (target === "chrome") {
    await writeFile(`${outdir}/bridge.html`, page("bridge.js"));
    await writeFile(`${outdir}/offscreen.html`, page("offscreen.js"));
  }
  const kind = testBuild ? " (test build)" : "";
  const names = Object.keys({ ...PAGE_ENTRIES, ...EXTENSION_ENTRIES[target] }).join(",");
  console.log(`extension scripts${kind}: ${outdir}/{${names}}.js`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const targets = process.argv.slice(2);
  if (targets.length === 0) targets.push("build/chrome-mv3-prod");
  for (const outdir of targets) await bundleExtensionScripts(outdir);
}
