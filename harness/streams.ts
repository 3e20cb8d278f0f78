import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { Parser } from "m3u8-parser";
import { inheritAttributes, stringToMpdXml, toPlaylists } from "mpd-parser";
import { sha256 } from "./wait.js";

const run = promisify(execFile);

export interface StreamOptions {
  seconds: number;
  segmentSeconds: number;
  /** Video bitrate, e.g. "800k". */
  bitrate: string;
  size: string;
  /**
   * ffmpeg's lavfi video source (default `testsrc2`): another one (`testsrc`, `smptebars`) makes
   * a stream whose every segment differs, for tests of two different videos.
   */
  pattern?: string;
}

export interface StreamSegment {
  /** Path relative to the stream folder. */
  uri: string;
  duration: number;
  bytes: number;
  sha256: string;
}

export interface HlsStream {
  dir: string;
  playlist: string;
  segments: StreamSegment[];
}

const cacheRoot = join(process.cwd(), ".cache", "streams");

/** The cache key of a stream's options (the folder name under .cache/streams). */
const optionsKey = (options: StreamOptions) =>
  `${String(options.seconds)}s-${String(options.segmentSeconds)}s-${options.bitrate}-${options.size}` +
  (options.pattern === undefined ? "" : `-${options.pattern}`);

/**
 * `dir`, made once: ffmpeg encodes its test sources (H.264 + AAC, a keyframe at every segment
 * boundary) with `output(tmp)` as the muxer arguments into a temporary folder, renamed when done.
 * `encode` replaces the single-rendition codec arguments (a ladder maps and encodes several).
 */
async function cachedEncode(
  dir: string,
  done: string,
  options: StreamOptions,
  output: (tmp: string) => string[],
  encode?: (gop: string) => string[],
): Promise<void> {
  if (existsSync(join(dir, done))) return;
  const tmp = `${dir}.tmp-${String(process.pid)}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const fps = 25;
  const gop = String(Math.round(fps * options.segmentSeconds));
  await run("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y"],
    ...[
      "-f",
      "lavfi",
      "-i",
      `${options.pattern ?? "testsrc2"}=size=${options.size}:rate=${String(fps)}`,
    ],
    ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
    ...["-t", String(options.seconds)],
    ...(encode?.(gop) ?? [
      ...["-c:v", "libx264", "-preset", "veryfast", "-b:v", options.bitrate],
      ...["-g", gop, "-keyint_min", gop, "-sc_threshold", "0", "-pix_fmt", "yuv420p"],
      ...["-c:a", "aac", "-b:a", "64k"],
    ]),
    ...output(tmp),
  ]);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}

/**
 * A VOD HLS stream (H.264 + AAC in MPEG-TS) made by ffmpeg from its test sources, cached by its
 * options so repeated runs reuse it.
 */
export async function makeHlsVod(options: StreamOptions): Promise<HlsStream> {
  const dir = join(cacheRoot, `hls-${optionsKey(options)}`);
  const playlist = join(dir, "index.m3u8");
  await cachedEncode(dir, "index.m3u8", options, (tmp) => [
    ...["-f", "hls", "-hls_time", String(options.segmentSeconds)],
    ...["-hls_playlist_type", "vod", "-hls_segment_filename", join(tmp, "seg_%03d.ts")],
    join(tmp, "index.m3u8"),
  ]);
  return { dir, playlist, segments: await readSegments(dir, playlist) };
}

/** The AES-128 key of makeHlsAesVod's streams (served next to the segments as `enc.key`). */
export const AES_KEY_FILE = "enc.key";

/**
 * makeHlsVod's stream encrypted with HLS AES-128 (`#EXT-X-KEY:METHOD=AES-128,URI="enc.key"`,
 * ffmpeg's `-hls_key_info_file`), its segments still named `.ts`: what real sites serve, and
 * what a check by the URL's extension takes for broken MPEG-TS. The key is derived from the
 * options, so the cached stream and its key always match.
 */
export async function makeHlsAesVod(options: StreamOptions): Promise<HlsStream> {
  const dir = join(cacheRoot, `hls-aes-${optionsKey(options)}`);
  const playlist = join(dir, "index.m3u8");
  const key = createHash("sha256")
    .update(`p2pv test key ${optionsKey(options)}`)
    .digest();
  const keyFile = `${dir}.key`;
  const keyInfo = `${dir}.keyinfo`;
  await mkdir(cacheRoot, { recursive: true });
  await writeFile(keyFile, key.subarray(0, 16));
  await writeFile(keyInfo, `${AES_KEY_FILE}\n${keyFile}\n`);
  await cachedEncode(dir, "index.m3u8", options, (tmp) => [
    ...["-f", "hls", "-hls_time", String(options.segmentSeconds)],
    ...["-hls_key_info_file", keyInfo],
    ...["-hls_playlist_type", "vod", "-hls_segment_filename", join(tmp, "seg_%03d.ts")],
    join(tmp, "index.m3u8"),
  ]);
  await copyFile(keyFile, join(dir, AES_KEY_FILE));
  return { dir, playlist, segments: await readSegments(dir, playlist) };
}

/** A rendition of a ladder: its video bitrate and frame size. */
export interface Rendition {
  bitrate: string;
  size: string;
}

export interface HlsLadder extends HlsStream {
  /** The multivariant playlist (`playlist` is the same path). */
  master: string;
  /** Each rendition's segments, in the order of `renditions` (`segments` is the first's). */
  variants: StreamSegment[][];
}

/**
 * A multivariant VOD HLS stream: `options` is the top rendition, `lower` the others (e.g. 400k
 * at 640x360), each with its own audio, all cut at the same boundaries; a master playlist lists
 * them (v0/ is the top). Players choosing by bandwidth start and stay on the top one over
 * loopback; a variant switch moves a viewer to another swarm. Cached like makeHlsVod.
 */
export async function makeHlsLadder(
  options: StreamOptions,
  lower: readonly Rendition[],
): Promise<HlsLadder> {
  const renditions: Rendition[] = [{ bitrate: options.bitrate, size: options.size }, ...lower];
  const names = renditions.map((r) => `${r.bitrate}-${r.size}`).join("+");
  const dir = join(
    cacheRoot,
    `hls-ladder-${String(options.seconds)}s-${String(options.segmentSeconds)}s-${names}`,
  );
  const master = join(dir, "master.m3u8");
  await cachedEncode(
    dir,
    "master.m3u8",
    options,
    (tmp) => [
      ...["-f", "hls", "-hls_time", String(options.segmentSeconds), "-hls_playlist_type", "vod"],
      ...["-master_pl_name", "master.m3u8"],
      ...["-var_stream_map", renditions.map((_, i) => `v:${String(i)},a:${String(i)}`).join(" ")],
      ...["-hls_segment_filename", join(tmp, "v%v", "seg_%03d.ts")],
      join(tmp, "v%v", "index.m3u8"),
    ],
    (gop) =>
      renditions
        .flatMap((rendition, i) => {
          const n = String(i);
          return [
            ...["-map", "0:v", "-map", "1:a"],
            ...[`-c:v:${n}`, "libx264", "-preset", "veryfast", `-b:v:${n}`, rendition.bitrate],
            ...[`-s:v:${n}`, rendition.size, `-c:a:${n}`, "aac", `-b:a:${n}`, "64k"],
          ];
        })
        .concat(["-g", gop, "-keyint_min", gop, "-sc_threshold", "0", "-pix_fmt", "yuv420p"]),
  );
  const variants = await Promise.all(
    renditions.map(async (_, i) => {
      const folder = join(dir, `v${String(i)}`);
      const segments = await readSegments(folder, join(folder, "index.m3u8"));
      return segments.map((segment) => ({ ...segment, uri: `v${String(i)}/${segment.uri}` }));
    }),
  );
  return { dir, playlist: master, master, segments: variants[0] ?? [], variants };
}

async function readSegments(dir: string, playlist: string): Promise<StreamSegment[]> {
  const parser = new Parser();
  parser.push(await readFile(playlist, "utf8"));
  parser.end();
  return Promise.all(
    parser.manifest.segments.map(async (segment) => {
      const bytes = await readFile(join(dir, segment.uri));
      return {
        uri: segment.uri,
        duration: segment.duration,
        bytes: bytes.byteLength,
        sha256: sha256(bytes),
      };
    }),
  );
}

export interface DashStream {
  dir: string;
  /** The MPD's path. */
  manifest: string;
  /** Every init and media segment file (uri relative to the folder; duration 0 for inits). */
  segments: StreamSegment[];
}

/**
 * A VOD DASH stream made by ffmpeg: H.264 and AAC in fMP4, one video and one audio
 * AdaptationSet, SegmentTemplate with a SegmentTimeline, segments named by `$Number$` or by
 * `$Time$`. Cached by its options like makeHlsVod.
 */
export async function makeDashVod(
  options: StreamOptions & { addressing: "number" | "time" },
): Promise<DashStream> {
  const dir = join(cacheRoot, `dash2-${options.addressing}-${optionsKey(options)}`);
  const manifest = join(dir, "manifest.mpd");
  const media = options.addressing === "time" ? "$Time$" : "$Number%05d$";
  await cachedEncode(dir, "manifest.mpd", options, (tmp) => [
    // Without it the AAC priming makes the first audio file `-1024` while the MPD says t=0.
    ...["-avoid_negative_ts", "make_zero"],
    // The audio ends a little before the video: AAC padding otherwise leaves a 64 ms audio
    // segment past the presentation's end that dash.js never fetches, and it then sometimes
    // stops half a second short of the end (also without the extension).
    ...["-af", `atrim=end=${String(options.seconds - 0.1)}`],
    ...["-f", "dash", "-seg_duration", String(options.segmentSeconds)],
    ...["-use_template", "1", "-use_timeline", "1"],
    ...["-adaptation_sets", "id=0,streams=v id=1,streams=a"],
    ...["-init_seg_name", "init-$RepresentationID$.m4s"],
    ...["-media_seg_name", `chunk-$RepresentationID$-${media}.m4s`],
    join(tmp, "manifest.mpd"),
  ]);
  // Durations as the MPD gives them (mpd-parser); init segments have none (0).
  const info = inheritAttributes(stringToMpdXml(await readFile(manifest, "utf8")), {
    manifestUri: "http://stream/manifest.mpd",
  });
  const durations = new Map(
    toPlaylists(info.representationInfo).flatMap((playlist) =>
      (playlist.segments ?? []).map((segment) => [segment.uri, segment.duration] as const),
    ),
  );
  const files = (await readdir(dir)).filter((name) => name.endsWith(".m4s")).sort();
  const segments = await Promise.all(
    files.map(async (uri) => {
      const bytes = await readFile(join(dir, uri));
      const duration = durations.get(uri) ?? 0;
      return { uri, duration, bytes: bytes.byteLength, sha256: sha256(bytes) };
    }),
  );
  return { dir, manifest, segments };
}
