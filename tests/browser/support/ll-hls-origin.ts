/**
 * A low-latency HLS origin made from an ffmpeg VOD of short segments, for the LL-HLS test: each
 * of the VOD's segments (a keyframe at the start of each) is a part, and PARTS of them in a row,
 * concatenated, are a whole segment (MPEG-TS concatenates), so every part is INDEPENDENT. Parts
 * are published one by one as wall-clock time passes from the origin's start. The media
 * playlist lists the last WINDOW whole segments, the parts of the last two and of the segment in
 * progress, and a preload hint for the next part; the origin honours blocking playlist reloads
 * (`_HLS_msn`, `_HLS_part`) and holds a hinted part until it is out; once every part is out the
 * playlist ends (EXT-X-ENDLIST). Every file it serves is counted.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { HlsStream } from "../../../harness/streams";

export const PARTS = 4;
const WINDOW = 6;
/** Parts out when the origin starts (two whole segments: a player has a window at once). */
const INITIAL_PARTS = 2 * PARTS;
/** How long a blocking request is held at most before the origin answers what it has (ms). */
const HOLD_MS = 6000;

export interface LlFile {
  name: string;
  bytes: Buffer;
  sha256: string;
}

interface LlPart extends LlFile {
  duration: number;
}

interface LlSegment extends LlFile {
  duration: number;
  parts: LlPart[];
}

export interface LlHlsOrigin {
  base: string;
  playlistUrl: string;
  /** Every segment and part file by name, with its SHA-256. */
  files: Map<string, LlFile>;
  /** Playlist requests seen, with their query (the blocking reloads carry _HLS_ directives). */
  playlistQueries: string[];
  /** Media requests by file name. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

const hash = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The media playlist once `published` parts are out (of every segment's PARTS, in order). */
function playlist(segments: readonly LlSegment[], published: number): string {
  const whole = Math.floor(published / PARTS);
  const first = Math.max(0, whole - WINDOW);
  const partSeconds = Math.max(...segments.flatMap((s) => s.parts.map((part) => part.duration)));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:9",
    `#EXT-X-TARGETDURATION:${String(Math.ceil(Math.max(...segments.map((s) => s.duration))))}`,
    `#EXT-X-PART-INF:PART-TARGET=${partSeconds.toFixed(3)}`,
    `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${(partSeconds * 3).toFixed(3)}`,
    `#EXT-X-MEDIA-SEQUENCE:${String(first)}`,
  ];
  const partLines = (segment: LlSegment, count: number) =>
    segment.parts
      .slice(0, count)
      .map(
        (part) =>
          `#EXT-X-PART:DURATION=${part.duration.toFixed(3)},URI="${part.name}",INDEPENDENT=YES`,
      );
  for (let index = first; index < whole; index++) {
    const segment = segments[index];
    if (segment === undefined) break;
    // The ended stream's last playlist lists whole segments only: hls.js 1.6 waits forever for
    // the last part it had a hint for when the playlist that ends the stream still lists parts.
    if (index >= whole - 2 && whole < segments.length) lines.push(...partLines(segment, PARTS));
    lines.push(`#EXTINF:${segment.duration.toFixed(3)},`, segment.name);
  }
  if (whole >= segments.length) {
    lines.push("#EXT-X-ENDLIST");
    return `${lines.join("\n")}\n`;
  }
  const live = segments[whole];
  const out = published % PARTS;
  if (live !== undefined) {
    lines.push(...partLines(live, out));
    const next = live.parts[out];
    if (next !== undefined) lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${next.name}"`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Starts the origin on 127.0.0.1 for `parts`, a VOD whose segments are the parts (a multiple of
 * PARTS of them, whole segments made of PARTS each in order).
 */
export async function startLlHlsOrigin(parts: HlsStream): Promise<LlHlsOrigin> {
  const segments: LlSegment[] = [];
  const files = new Map<string, LlFile>();
  for (let first = 0; first + PARTS <= parts.segments.length; first += PARTS) {
    const group: LlPart[] = [];
    for (const entry of parts.segments.slice(first, first + PARTS)) {
      const bytes = await readFile(join(parts.dir, entry.uri));
      group.push({ name: entry.uri, bytes, sha256: hash(bytes), duration: entry.duration });
    }
    const bytes = Buffer.concat(group.map((part) => part.bytes));
    const name = `whole_${String(segments.length).padStart(3, "0")}.ts`;
    const duration = group.reduce((sum, part) => sum + part.duration, 0);
    const segment = { name, bytes, sha256: hash(bytes), duration, parts: group };
    segments.push(segment);
    for (const file of [segment, ...group]) files.set(file.name, file);
  }
  const total = segments.length * PARTS;
  const partMs = (segments[0]?.parts[0]?.duration ?? 0.5) * 1000;
  const startedAt = Date.now();
  const published = () =>
    Math.min(total, INITIAL_PARTS + Math.floor((Date.now() - startedAt) / partMs));
  /** The index among all parts of part `part` of segment `msn` (a whole segment: its last). */
  const indexOf = (msn: number, part: number | undefined) => msn * PARTS + (part ?? PARTS - 1);
  /** Each file's index among all parts (a whole segment: its last part's). */
  const publishIndex = new Map<string, number>();
  segments.forEach((segment, msn) => {
    publishIndex.set(segment.name, indexOf(msn, undefined));
    segment.parts.forEach((part, index) => publishIndex.set(part.name, indexOf(msn, index)));
  });
  const playlistQueries: string[] = [];
  const hits = new Map<string, number>();

  /** Resolves once `ready()` holds or HOLD_MS has passed. */
  const hold = async (ready: () => boolean) => {
    const until = Date.now() + HOLD_MS;
    while (!ready() && Date.now() < until) await new Promise((done) => setTimeout(done, 20));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const name = url.pathname.slice(1);
    const headers = { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" };
    if (name === "live.m3u8") {
      playlistQueries.push(url.search);
      const msn = url.searchParams.get("_HLS_msn");
      const part = url.searchParams.get("_HLS_part");
      if (msn !== null) {
        const wanted = indexOf(Number(msn), part === null ? undefined : Number(part));
        await hold(() => published() > wanted || published() >= total);
      }
      res.writeHead(200, { ...headers, "Content-Type": "application/vnd.apple.mpegurl" });
      res.end(playlist(segments, published()));
      return;
    }
    const file = files.get(name);
    if (file === undefined) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    hits.set(name, (hits.get(name) ?? 0) + 1);
    // A hinted part (or a segment) asked for before it is out is held until it is.
    const wanted = publishIndex.get(name) ?? 0;
    await hold(() => published() > wanted);
    res.writeHead(200, { ...headers, "Content-Type": "video/mp2t" });
    res.end(file.bytes);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${String(port)}`;
  return {
    base,
    playlistUrl: `${base}/live.m3u8`,
    files,
    playlistQueries,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
