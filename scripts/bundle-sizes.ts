/**
 * The size of every script the packages ship, and its budget: what `npm run sizes`
 * (scripts/sizes.ts) prints and tests/browser/extension/bundle-sizes.test.ts asserts, read from
 * `npm run build`'s output. A budget is the size measured when it was set plus ~15%: a bundle
 * that outgrows it has taken in something new (a dependency, a module the bundler cannot drop),
 * and the budget is raised on purpose or the cause removed.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface Bundle {
  /** What it is, in the table. */
  name: string;
  /** Its directory under the build directory. */
  dir: string;
  /** Its file name there (Plasmo's pages carry a content hash). */
  file: RegExp;
  /** Bytes, minified, not compressed. */
  budget: number;
}

const KB = 1000;

/** Every shipped script. Budgets: the sizes in BENCHMARKS.md ("Bundle sizes") + ~15%. */
export const BUNDLES: readonly Bundle[] = [
  { name: "page hook", dir: "chrome-mv3-prod", file: /^page-hook\.js$/, budget: 116 * KB },
  { name: "page relay", dir: "chrome-mv3-prod", file: /^page-relay\.js$/, budget: 52 * KB },
  { name: "bridge", dir: "chrome-mv3-prod", file: /^bridge\.js$/, budget: 1 * KB },
  { name: "popup", dir: "chrome-mv3-prod", file: /^popup\.\w+\.js$/, budget: 262 * KB },
  { name: "options", dir: "chrome-mv3-prod", file: /^options\.\w+\.js$/, budget: 277 * KB },
  {
    name: "welcome tab",
    dir: "chrome-mv3-prod/tabs",
    file: /^welcome\.\w+\.js$/,
    budget: 182 * KB,
  },
  {
    name: "background (service worker)",
    dir: "chrome-mv3-prod/static/background",
    file: /^index\.js$/,
    budget: 108 * KB,
  },
  { name: "offscreen engine", dir: "chrome-mv3-prod", file: /^offscreen\.js$/, budget: 345 * KB },
  {
    name: "Firefox background (engine)",
    dir: "firefox-mv3-prod",
    file: /^background\.js$/,
    budget: 367 * KB,
  },
];

export interface Measured {
  bundle: Bundle;
  /** Relative to the build directory. */
  path: string;
  bytes: number;
  gzipBytes: number;
}

/** Reads each bundle's file from `buildDir`; throws when one is missing or ambiguous. */
export async function measureBundles(buildDir = "build"): Promise<Measured[]> {
  return Promise.all(
    BUNDLES.map(async (bundle) => {
      const names = (await readdir(join(buildDir, bundle.dir))).filter((name) =>
        bundle.file.test(name),
      );
      const name = names[0];
      if (name === undefined || names.length > 1)
        throw new Error(`${bundle.name}: ${String(names.length)} files match in ${bundle.dir}`);
      const path = join(bundle.dir, name);
      const bytes = await readFile(join(buildDir, path));
      return { bundle, path, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
    }),
  );
}
