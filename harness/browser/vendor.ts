/**
 * The players test and demo pages load, served from node_modules under /vendor/<name>: the
 * players' own dist files, as a site would ship them.
 */
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

/** Paths relative to the repository root, by the name pages load them as. */
export const VENDOR: Record<string, string> = {
  "hls.js": "node_modules/hls.js/dist/hls.js",
  "dash.js": "node_modules/dashjs/dist/modern/umd/dash.all.min.js",
  "shaka.js": "node_modules/shaka-player/dist/shaka-player.compiled.js",
  "video.js": "node_modules/video.js/dist/video.min.js",
};

/** The file behind /vendor/<name>, or undefined. */
export function vendorFile(name: string): string | undefined {
  const path = VENDOR[name];
  return path === undefined ? undefined : resolve(ROOT, path);
}
