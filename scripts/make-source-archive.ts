/**
 * The source archive addons.mozilla.org asks for with a package of bundled, minified code:
 * build/firefox-mv3-source.zip, every file git tracks, read from the working tree (the files the
 * package in build/ was just built from, even before they are committed), plus
 * docs/building-firefox.md at its root as BUILDING-FIREFOX.md. No node_modules, no build output:
 * git ignores them. Written by scripts/deterministic-zip.ts, so the same sources give the same
 * archive. `npm run check:source` (scripts/check-source-archive.ts) rebuilds from it.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { zip, type ZipEntry } from "./deterministic-zip";

const SOURCE_ARCHIVE = "build/firefox-mv3-source.zip";
const BUILDING_DOC = "docs/building-firefox.md";
const EXCLUDED = ["node_modules/", "build/", "artifacts/", ".plasmo/", "coverage/", ".cache/"];

const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" });

/** The toolchain docs/building-firefox.md names, for comparison with this machine's. */
function documentedToolchain(doc: string): { node?: string; npm?: string } {
  return {
    node: /^- Node\.js: (v\d+\.\d+\.\d+)/m.exec(doc)?.[1],
    npm: /^- npm: (\d+\.\d+\.\d+)/m.exec(doc)?.[1],
  };
}

async function main(): Promise<void> {
  // `git ls-files --stage -z`: "<mode> <object> <stage>\t<path>\0" for each tracked file.
  const tracked = git("ls-files", "--stage", "-z")
    .split("\0")
    .filter((line) => line !== "")
    .map((line) => {
      const tab = line.indexOf("\t");
      return { mode: line.slice(0, 6), path: line.slice(tab + 1) };
    });
  const entries: ZipEntry[] = [];
  const missing: string[] = [];
  for (const { mode, path } of tracked) {
    if (EXCLUDED.some((dir) => path.startsWith(dir)))
      throw new Error(`${path} is tracked but must not be in the source archive`);
    if (mode === "120000" || mode === "160000")
      throw new Error(`${path}: symbolic links and submodules are not archived`);
    if (!existsSync(path)) {
      missing.push(path); // deleted in the working tree, not yet committed
      continue;
    }
    entries.push({ name: path, data: await readFile(path), executable: mode === "100755" });
  }
  const doc = await readFile(BUILDING_DOC);
  entries.push({ name: "BUILDING-FIREFOX.md", data: doc });

  await mkdir("build", { recursive: true });
  const archive = zip(entries);
  await writeFile(SOURCE_ARCHIVE, archive);
  console.log(
    `source archive: ${SOURCE_ARCHIVE}, ${String(entries.length)} files, ` +
      `${(archive.length / 1e6).toFixed(2)} MB`,
  );

  const changed = git("status", "--porcelain", "--untracked-files=no").trim();
  if (changed !== "" || missing.length > 0)
    console.warn(
      "source archive: tracked files have uncommitted changes; the archive holds the working " +
        "tree's versions",
    );
  const untracked = git("ls-files", "--others", "--exclude-standard", "-z")
    .split("\0")
    .filter((path) => path !== "");
  if (untracked.length > 0)
    console.warn(
      `source archive: left out, as git does not track them (git add them if the build needs ` +
        `them): ${untracked.join(", ")}`,
    );
  const documented = documentedToolchain(doc.toString("utf8"));
  const npm = execFileSync("npm", ["--version"], { encoding: "utf8" }).trim();
  if (documented.node !== process.version || documented.npm !== npm)
    console.warn(
      `source archive: ${BUILDING_DOC} names Node.js ${documented.node ?? "?"} and npm ` +
        `${documented.npm ?? "?"}, this build used ${process.version} and ${npm}: ` +
        "update the document before uploading",
    );
}

await main();
