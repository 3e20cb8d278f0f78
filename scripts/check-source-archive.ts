/**
 * `npm run check:source`: does the source archive rebuild the Firefox package? After `npm run
 * build`, extracts build/firefox-mv3-source.zip into a fresh temporary directory, follows its
 * BUILDING-FIREFOX.md there (`npm ci`, from the npm cache where it can, then `npm run
 * build:firefox`) and compares the rebuilt build/firefox-mv3-prod, file list and bytes, and its
 * zip with the originals. Exits 1 on any difference. Several minutes (`npm ci` of ~1 GB of
 * dependencies); `--keep` leaves the directory for a look.
 */
import { execFileSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { filesUnder, unzip } from "./deterministic-zip";

const SOURCE_ARCHIVE = "build/firefox-mv3-source.zip";
const PACKAGE_DIR = "build/firefox-mv3-prod";
const PACKAGE_ZIP = `${PACKAGE_DIR}.zip`;

interface Comparison {
  onlyOriginal: string[];
  onlyRebuilt: string[];
  differing: string[];
  same: number;
}

/** Compares two directories' files by name and bytes. */
async function compareDirectories(original: string, rebuilt: string): Promise<Comparison> {
  const before = await filesUnder(original);
  const after = new Set(await filesUnder(rebuilt));
  const result: Comparison = { onlyOriginal: [], onlyRebuilt: [], differing: [], same: 0 };
  for (const name of before) {
    if (!after.delete(name)) result.onlyOriginal.push(name);
    else if (!(await readFile(join(original, name))).equals(await readFile(join(rebuilt, name))))
      result.differing.push(name);
    else result.same++;
  }
  result.onlyRebuilt = [...after];
  return result;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

function run(command: string, args: string[], cwd: string): string {
  const start = performance.now();
  console.log(`check:source: ${command} ${args.join(" ")} (in ${cwd})`);
  execFileSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, CI: "true" } });
  const took = seconds(start);
  console.log(`check:source: ${command} ${args.join(" ")}: ${took} s`);
  return took;
}

async function main(): Promise<void> {
  for (const path of [SOURCE_ARCHIVE, PACKAGE_DIR, PACKAGE_ZIP])
    if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first`);
  // Parcel names a module by its path relative to the project, or by its absolute path when that
  // lies outside the project: a node_modules linked in from elsewhere (a git worktree sharing
  // another checkout's install) gives dependency modules other ids than a build with its own.
  const modules = relative(process.cwd(), realpathSync("node_modules"));
  if (modules.startsWith(".."))
    console.warn(
      `check:source: node_modules is a link to ${realpathSync("node_modules")}: Parcel then ` +
        "names dependency modules by their absolute paths, so the Parcel bundles (popup, " +
        "options, welcome page) of this build differ from any build with its own node_modules; " +
        "build the package to upload in a checkout with its own node_modules",
    );
  const keep = process.argv.includes("--keep");
  const archive = await readFile(SOURCE_ARCHIVE);
  const dir = await mkdtemp(join(tmpdir(), "p2pv-source-"));
  const start = performance.now();
  let ok = false;
  try {
    const entries = unzip(archive);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, entry.data, { mode: entry.executable === true ? 0o755 : 0o644 });
    }
    console.log(
      `check:source: ${SOURCE_ARCHIVE} (${(archive.length / 1e6).toFixed(2)} MB, ` +
        `${String(entries.length)} files) extracted to ${dir}`,
    );
    const install = run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], dir);
    const build = run("npm", ["run", "build:firefox"], dir);

    const files = await compareDirectories(PACKAGE_DIR, join(dir, PACKAGE_DIR));
    const zipSame = (await readFile(PACKAGE_ZIP)).equals(await readFile(join(dir, PACKAGE_ZIP)));
    const report = (label: string, names: string[]) => {
      if (names.length > 0) console.error(`check:source: ${label}: ${names.join(", ")}`);
    };
    report("only in the original build", files.onlyOriginal);
    report("only in the rebuild", files.onlyRebuilt);
    report("different bytes", files.differing);
    if (!zipSame) console.error(`check:source: ${PACKAGE_ZIP} differs`);
    ok =
      files.onlyOriginal.length + files.onlyRebuilt.length + files.differing.length === 0 &&
      zipSame;
    console.log(
      `check:source: ${ok ? "SAME" : "DIFFERENT"}: ${String(files.same)} of ` +
        `${String(files.same + files.differing.length + files.onlyOriginal.length)} files identical, ` +
        `zip ${zipSame ? "identical" : "different"}; npm ci ${install} s, build ${build} s, ` +
        `${seconds(start)} s in all`,
    );
  } finally {
    if (keep) console.log(`check:source: kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
  if (!ok) process.exitCode = 1;
}

await main();
