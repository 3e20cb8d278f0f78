/**
 * The engine's queue follows the player's position, with real players in real Chromium: the real
 * page hook (registry, PageSegmentSource, interceptors, media watch) with a recording engine.
 * hls.js (HLS, MPEG-TS), Shaka Player and dash.js (DASH, separate video and audio) play a 40 s
 * stream with a 4 s buffer goal; during playback the queue moves with the playhead by itself (a
 * load outside any request); then, with every segment request held inside the player (a gate),
 * a seek to the middle must put the segment at the new position at the head of the queue, at
 * priority 0, before the player has asked for it. Released, the player asks for that segment and
 * plays on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DashStream,
  type HlsStream,
  makeDashVod,
  makeHlsVod,
} from "../../../harness/streams.js";
import type { InterceptRig } from "../support/intercept-browser.js";
import {
  closeGate,
  engineLog,
  fileName,
  playerState,
  seek,
  segmentAt,
  startPlayer,
  startPositionRig,
  startsWith,
} from "../support/position-calls.js";
import type { EngineEntry, PositionPlayer } from "../support/position-types.js";
import { waitFor } from "../support/wait-for.js";

const OPTIONS = { seconds: 40, segmentSeconds: 2, bitrate: "600k", size: "640x360" } as const;
const SEEK_TO = 21;

let rig: InterceptRig;
let hls: HlsStream;
let dash: DashStream;

beforeAll(async () => {
  [hls, dash] = await Promise.all([
    makeHlsVod(OPTIONS),
    makeDashVod({ ...OPTIONS, addressing: "number" }),
  ]);
  rig = await startPositionRig({ hls: hls.dir, dash: dash.dir });
});
afterAll(async () => {
  await rig.close();
});

interface Case {
  player: PositionPlayer;
  page: string;
  manifest: () => string;
  /** The segment files of the track the test follows (video), in playback order. */
  track: () => { uri: string; duration: number; bytes: number; sha256: string }[];
}

const cases: Case[] = [
  {
    player: "hls",
    page: "/players.html",
    manifest: () => `${rig.origin.base}/streams/hls/index.m3u8`,
    track: () => hls.segments,
  },
  ...(["shaka", "dash"] as const).map((player) => ({
    player,
    page: player === "shaka" ? "/shaka.html" : "/players.html",
    manifest: () => `${rig.origin.base}/streams/dash/manifest.mpd`,
    // ffmpeg names the video representation 0: chunk-0-00001.m4s, ...
    track: () => dash.segments.filter((segment) => segment.uri.startsWith("chunk-0-")),
  })),
];

const isTrackLoad = (entry: EngineEntry, files: Set<string>) =>
  entry.kind === "load" && entry.segments?.some((segment) => files.has(fileName(segment.url)));

describe("the queue follows the playhead", () => {
  for (const test of cases) {
    it(`${test.player}: after a seek to the middle it starts at the new position before the player asks`, async () => {
      const page = await rig.open(test.page);
      const track = test.track();
      const files = new Set(track.map((segment) => segment.uri));
      await startPlayer(page, test.player, test.manifest());
      // While it plays, the position moves the queue without a request.
      await waitFor(
        async () =>
          (await engineLog(page)).some((entry) => isTrackLoad(entry, files) && !entry.inMatch),
        30_000,
        "a queue update from the position",
      );

      await closeGate(page, true);
      const mark = (await engineLog(page)).length;
      const expected = segmentAt(track, SEEK_TO);
      await seek(page, SEEK_TO);
      await waitFor(
        async () =>
          (await engineLog(page)).slice(mark).some((entry) => startsWith(entry, expected)),
        10_000,
        `a queue starting with ${expected}`,
      );
      const afterSeek = (await engineLog(page)).slice(mark);
      const load = afterSeek.find((entry) => startsWith(entry, expected));
      expect(load?.inMatch).toBe(false);
      const requested = (entry: EngineEntry) =>
        entry.kind === "match" && fileName(entry.url ?? "") === expected;
      expect(afterSeek.filter(requested)).toEqual([]);
      // The rest of that queue: the segments after it, in order, no more urgent than it.
      const queued = (load?.segments ?? []).map((segment) => fileName(segment.url));
      const index = track.findIndex((segment) => segment.uri === expected);
      expect(queued.slice(0, 4)).toEqual(
        track.slice(index, index + 4).map((segment) => segment.uri),
      );
      const priorities = (load?.segments ?? []).map((segment) => segment.priority);
      expect(priorities).toEqual([...priorities].sort((a, b) => a - b));

      await closeGate(page, false);
      await waitFor(
        async () => (await engineLog(page)).some((entry) => requested(entry)),
        15_000,
        `the player's request for ${expected}`,
      );
      const asked = (await engineLog(page)).find(requested);
      expect(asked?.seq).toBeGreaterThan(load?.seq ?? Infinity);
      await waitFor(
        async () => (await playerState(page)).currentTime > SEEK_TO + 1,
        20_000,
        "playback after the seek",
      );
      expect((await playerState(page)).errors).toEqual([]);
      await page.context().close();
    });
  }
});
