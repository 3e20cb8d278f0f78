/**
 * esbuild bundles of browser-side scripts (test pages, the demo's viewer page, the playback
 * probe): one IIFE each, the way a MAIN-world content script ships.
 */
import { build } from "esbuild";

/** Bundles the entry file at `path` (absolute) into an IIFE's source text. */
export async function bundleScript(path: string): Promise<string> {
  const result = await build({
    entryPoints: [path],
    bundle: true,
    format: "iife",
    target: "chrome120",
    write: false,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced nothing for ${path}`);
  return output.text;
}
