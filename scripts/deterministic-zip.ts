/**
 * A ZIP writer whose output depends only on the files' names, bytes and modes: entries sorted by
 * name, every timestamp 1980-01-01 00:00 (the format's epoch), no extra fields, deflate level 9
 * (Node's zlib, so the same Node version gives the same bytes). Used for the Firefox package
 * (scripts/make-firefox-build.ts; Plasmo's `plasmo package` stamps each entry with the time of
 * the build) and the source archive (scripts/make-source-archive.ts).
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

export interface ZipEntry {
  /** The path inside the archive, with forward slashes. */
  name: string;
  data: Buffer;
  executable?: boolean;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const VERSION = 20; // 2.0: deflate
const UTF8_NAMES = 0x0800;
const MADE_BY_UNIX = (3 << 8) | VERSION;

/** The archive of `entries` (any order; written sorted by name). */
export function zip(entries: readonly ZipEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (sorted.length > 0xffff) throw new Error("too many entries for a ZIP without ZIP64");
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let previous: string | undefined;
  for (const entry of sorted) {
    if (entry.name === previous) throw new Error(`duplicate entry ${entry.name}`);
    previous = entry.name;
    const name = Buffer.from(entry.name, "utf8");
    const deflated = deflateRawSync(entry.data, { level: 9 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? entry.data : deflated;
    const crc = crc32(entry.data);
    if (offset + body.length > 0xffffffff) throw new Error("archive too large without ZIP64");

    // The fields both headers share, from "version needed" to the name's length.
    const common = Buffer.alloc(24);
    common.writeUInt16LE(VERSION, 0);
    common.writeUInt16LE(UTF8_NAMES, 2);
    common.writeUInt16LE(stored ? 0 : 8, 4);
    common.writeUInt16LE(DOS_TIME, 6);
    common.writeUInt16LE(DOS_DATE, 8);
    common.writeUInt32LE(crc, 10);
    common.writeUInt32LE(body.length, 14);
    common.writeUInt32LE(entry.data.length, 18);
    common.writeUInt16LE(name.length, 22);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common.copy(local, 4);
    local.writeUInt16LE(0, 28);

    const mode = entry.executable === true ? 0o100755 : 0o100644;
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    common.copy(central, 6);
    // extra field length, comment length, disk number, internal attributes: 0
    central.writeUInt32LE(mode * 0x10000, 38); // external attributes: the Unix mode
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The entries of an archive `zip` wrote (no ZIP64, no data descriptors, deflate or stored). */
export function unzip(archive: Buffer): ZipEntry[] {
  const end = archive.length - 22;
  if (end < 0 || archive.readUInt32LE(end) !== 0x06054b50)
    throw new Error("not a ZIP (or has a comment)");
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50)
      throw new Error(`bad central entry at ${String(at)}`);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const skip = nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
    const mode = archive.readUInt32LE(at + 38) >>> 16;
    const local = archive.readUInt32LE(at + 42);
    const name = archive.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + skip;
    if (archive.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local entry ${name}`);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const body = archive.subarray(start, start + size);
    if (method !== 0 && method !== 8)
      throw new Error(`${name}: compression method ${String(method)}`);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    entries.push({ name, data, executable: (mode & 0o111) !== 0 });
  }
  return entries;
}

/** Every file under `dir`, named relative to it with forward slashes, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/**
 * Zips every file under `dir` (paths relative to it; `skip` names left out) into `outFile`,
 * all as plain files (mode 644): an extension's package needs no executable bits, and the
 * umask of the machine that built it does not show.
 */
export async function zipDirectory(
  dir: string,
  outFile: string,
  skip: (name: string) => boolean = () => false,
): Promise<number> {
  const entries: ZipEntry[] = [];
  for (const name of await filesUnder(dir)) {
    if (!skip(name)) entries.push({ name, data: await readFile(join(dir, name)) });
  }
  const archive = zip(entries);
  await writeFile(outFile, archive);
  return archive.length;
}
