/**
 * Test-only: real HLS and DASH outputs made with ffmpeg in a temporary directory, for the unit
 * tests of the stream model. Each stream is 6 s of 320x180 test pattern with 2 s segments.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

const INPUT = ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "6"];
const VIDEO = ["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-sc_threshold", "0"];
const AUDIO_INPUT = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "6"];

/** Every stream the tests use, by name: the ffmpeg output arguments and the manifest file. */
const STREAMS = {
  hlsTs: {
    file: "ts/index.m3u8",
    args: ["-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod"],
  },
  hlsFmp4: {
    file: "fmp4/index.m3u8",
    args: ["-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4"],
  },
  hlsSingleTs: {
    file: "single-ts/index.m3u8",
    args: ["-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_flags", "single_file"],
  },
  hlsSingleFmp4: {
    file: "single-fmp4/index.m3u8",
    args: [
      ...["-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod"],
      ...["-hls_flags", "single_file", "-hls_segment_type", "fmp4"],
    ],
  },
  hlsLive: {
    file: "live/index.m3u8",
    args: [
      ...["-f", "hls", "-hls_time", "2", "-hls_list_size", "2"],
      ...["-hls_flags", "delete_segments+omit_endlist"],
    ],
  },
  dashTemplate: {
    file: "dash/manifest.mpd",
    args: ["-f", "dash", "-seg_duration", "2"],
    audio: true,
  },
  dashList: {
    file: "dash-list/manifest.mpd",
    args: ["-f", "dash", "-seg_duration", "2", "-use_template", "0", "-use_timeline", "0"],
  },
  dashSingle: {
    file: "dash-single/manifest.mpd",
    args: ["-f", "dash", "-seg_duration", "2", "-single_file", "1"],
  },
} as const satisfies Record<string, { file: string; args: readonly string[]; audio?: boolean }>;

export type StreamName = keyof typeof STREAMS;

/** The generated streams: the manifest text of each, and a reader for any file in the dir. */
export interface TestStreams {
  dir: string;
  manifest(name: StreamName): Promise<string>;
  /** The bytes of a file, by its path relative to the manifest of `name`. */
  bytes(name: StreamName, relative: string): Promise<Buffer>;
  cleanup(): Promise<void>;
}

/** Runs ffmpeg for every stream (in parallel); for a beforeAll. */
export async function makeTestStreams(): Promise<TestStreams> {
  const dir = await mkdtemp(path.join(tmpdir(), "p2pv-stream-"));
  await Promise.all(
    Object.values(STREAMS).map(async (stream) => {
      const output = path.join(dir, stream.file);
      await mkdir(path.dirname(output), { recursive: true });
      const audio = "audio" in stream ? [...AUDIO_INPUT] : [];
      const codecs = "audio" in stream ? [...VIDEO, "-c:a", "aac"] : [...VIDEO];
      await run("ffmpeg", [
        "-loglevel",
        "error",
        "-y",
        ...INPUT,
        ...audio,
        ...codecs,
        ...stream.args,
        output,
      ]);
    }),
  );
  const fileOf = (name: StreamName): string => path.join(dir, STREAMS[name].file);
  return {
    dir,
    manifest: (name) => readFile(fileOf(name), "utf8"),
    bytes: (name, relative) => readFile(path.join(path.dirname(fileOf(name)), relative)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Where tests pretend a stream was fetched from (the path keeps the generated layout). */
export const urlOf = (name: StreamName, origin = "https://cdn-a.example.com"): string =>
  `${origin}/media/${STREAMS[name].file}`;
