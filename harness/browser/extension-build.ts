/**
 * Makes sure the extension builds the browser swarm loads (build/chrome-mv3-test and
 * build/firefox-mv3-test, both made by `npm run build`) exist and are newer than every file they
 * are built from; otherwise runs `npm run build` (about two minutes here).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { TEST_EXTENSION_DIR } from "./chromium.js";
import { FIREFOX_TEST_DIR } from "./firefox.js";

/** What the build reads: the extension's folders and the build's own inputs. */
const SOURCES = [
  "assets",
  "background",
  "content",
  "core",
  "engine",
  "hook",
  "messaging",
  "options",
  "popup",
  "tabs",
  "ui",
  "package.json",
  "scripts/bundle-extension-scripts.ts",
  "scripts/make-test-build.ts",
  "scripts/make-firefox-build.ts",
];

/** Newest modification time (ms) under `path`, tests excluded. */
async function newest(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const info = await stat(path);
  if (!info.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newest(join(path, entry))));
  return Math.max(0, ...times);
}

/** Why the build must be (re)made, or undefined when it is up to date. */
export async function staleBuildReason(root = process.cwd()): Promise<string | undefined> {
  let built = Infinity;
  for (const dir of [TEST_EXTENSION_DIR, FIREFOX_TEST_DIR]) {
    const manifest = join(dir, "manifest.json");
    if (!existsSync(manifest)) return `${dir} is missing`;
    built = Math.min(built, (await stat(manifest)).mtimeMs);
  }
  const sources = Math.max(...(await Promise.all(SOURCES.map((path) => newest(join(root, path))))));
  return sources > built ? "sources changed since the last build" : undefined;
}

/** Runs `npm run build` when the test build is missing or stale; says what it does. */
export async function ensureExtensionBuild(log: (line: string) => void): Promise<void> {
  const reason = await staleBuildReason();
  if (reason === undefined) {
    log("extension build is up to date (build/chrome-mv3-test, build/firefox-mv3-test)");
    return;
  }
  log(`building the extension: ${reason} (npm run build)`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "build"], { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) throw new Error(`npm run build failed (exit ${String(code)})`);
}
