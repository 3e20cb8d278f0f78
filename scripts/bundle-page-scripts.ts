// Bundles the page hook (MAIN world) and its relay (isolated world) into the built extension
// under fixed names, after `plasmo build`. The background registers them with
// chrome.scripting.registerContentScripts for the sites the viewer enabled, so their file names
// must be known (Plasmo's content scripts get hashed names and static matches).
import { build } from "esbuild";
import { existsSync } from "node:fs";

const targets = process.argv.slice(2);
if (targets.length === 0) targets.push("build/chrome-mv3-prod");
for (const outdir of targets) {
  if (!existsSync(outdir)) throw new Error(`${outdir} does not exist: run plasmo build first`);
  await build({
    entryPoints: { "page-hook": "content/hook-main.ts", "page-relay": "content/relay.ts" },
    outdir,
    bundle: true,
    format: "iife",
    target: ["chrome111", "firefox128"],
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  console.log(`page scripts: ${outdir}/page-hook.js, ${outdir}/page-relay.js`);
}
