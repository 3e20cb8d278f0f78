/**
 * The anchor page for the benchmark's P2P Media Loader arm: an HTML page and the esbuild bundle of
 * harness/p2pml/anchor.ts (hls.js + P2PML 2.3.1), for a runner to serve from its stream origin.
 * The page does nothing until Node calls `window.__p2pml.play(...)` (harness/p2pml/driver.ts).
 *
 * p2p-media-loader-core's package exports a self-contained browser bundle under the condition
 * "p2pml:core-as-bundle" (its dist build, with bittorrent-tracker's browser client in it); the
 * default "import" entry would make esbuild bundle bittorrent-tracker's sources, whose disabled
 * Node-only modules this esbuild (0.18) cannot default-import.
 */
import { resolve } from "node:path";
import { build } from "esbuild";

export interface AnchorPage {
  html: string;
  js: string;
}

/** Where the page loads the bundle from unless told otherwise. */
export const ANCHOR_SCRIPT_PATH = "/p2pml.js";

let bundled: Promise<string> | undefined;

/** The anchor's bundle (made once per process; ~1.6 MB, ~1 s). */
export function anchorBundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [resolve(import.meta.dirname, "anchor.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome120",
    conditions: ["p2pml:core-as-bundle"],
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  }).then((result) => {
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error("esbuild produced nothing for the P2PML anchor");
    return output.text;
  });
  return bundled;
}

/** The page (loading the bundle from `scriptPath` of the same origin) and the bundle. */
export async function p2pmlPage(scriptPath = ANCHOR_SCRIPT_PATH): Promise<AnchorPage> {
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>P2P Media Loader anchor</title>' +
    `</head><body><script src="${scriptPath}"></script></body></html>`;
  return { html, js: await anchorBundle() };
}
