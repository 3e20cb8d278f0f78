// Bundles the page hook (MAIN world) and its relay (isolated world) into the built extension
// under fixed names, after `plasmo build`. The background registers them with
// chrome.scripting.registerContentScripts for the sites the viewer enabled, so their file names
// must be known (Plasmo's content scripts get hashed names and static matches). Also the fast
// path's bridge page (bridge.html + bridge.js): framework-free, so the relay's iframe loads in a
// few ms instead of the ~160 ms a Plasmo (React) tab page took.
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";

const BRIDGE_HTML =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><script src="/bridge.js"></script></head></html>\n';

const targets = process.argv.slice(2);
if (targets.length === 0) targets.push("build/chrome-mv3-prod");
for (const outdir of targets) {
  if (!existsSync(outdir)) throw new Error(`${outdir} does not exist: run plasmo build first`);
  await build({
    entryPoints: {
      "page-hook": "content/hook-main.ts",
      "page-relay": "content/relay.ts",
      bridge: "content/bridge.ts",
    },
    outdir,
    bundle: true,
    format: "iife",
    target: ["chrome111", "firefox128"],
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  await writeFile(`${outdir}/bridge.html`, BRIDGE_HTML);
  console.log(
    `page scripts: ${outdir}/page-hook.js, ${outdir}/page-relay.js, ${outdir}/bridge.html`,
  );
}
