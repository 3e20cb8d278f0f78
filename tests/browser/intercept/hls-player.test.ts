/**
 * hls.js plays an ffmpeg HLS stream (H.264/AAC in MPEG-TS, 2 s segments, 10 s) to its end through
 * the hook while the fake engine serves every other segment from its cache and the others fall
 * back to the network: no player error, and every segment the player got is the origin's.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HlsStream, makeHlsVod } from "../../../harness/streams.js";
import { type InterceptRig, startRig } from "../support/intercept-browser.js";
import { configure, sourceLog } from "../support/intercept-page-calls.js";
import type { PlayResult } from "../support/intercept-players.js";

let rig: InterceptRig;
let stream: HlsStream;

beforeAll(async () => {
  stream = await makeHlsVod({ seconds: 10, segmentSeconds: 2, bitrate: "600k", size: "640x360" });
  rig = await startRig({ hls: stream.dir });
});
afterAll(async () => {
  await rig.close();
});

describe("hls.js through the hook", () => {
  for (const loader of ["xhr", "fetch"] as const) {
    it(`plays to the end with half the segments from the engine (${loader} loader)`, async () => {
      const page = await rig.open("/players.html");
      await configure(page, {
        match: "/streams/hls/seg_\\d+\\.ts$",
        engine: "serve",
        serveEvery: 2,
        deadlineMs: 3000,
        manifest: "\\.m3u8$",
      });
      const before = new Map(rig.origin.hits);
      const result: PlayResult = await page.evaluate(
        ([url, useFetch]) => window.__players.hls(url, useFetch, 40_000),
        [`${rig.origin.base}/streams/hls/index.m3u8`, loader === "fetch"] as const,
      );
      expect(result.errors).toEqual([]);
      expect(result.ended).toBe(true);
      expect(result.duration).toBeGreaterThan(9);

      const expected = new Map(stream.segments.map((segment) => [segment.uri, segment]));
      const received = result.segments.filter((segment) => segment.length > 0);
      const receivedNames = received.map((segment) => segment.url.split("/").pop() ?? "");
      expect(new Set(receivedNames)).toEqual(new Set(expected.keys()));
      for (const segment of received) {
        expect(segment.sha256).toBe(expected.get(segment.url.split("/").pop() ?? "")?.sha256);
      }

      const log = await sourceLog(page);
      const served = log.engine.filter((call) => call.outcome === "served").map((call) => call.url);
      const missed = log.engine.filter((call) => call.outcome === "missed").map((call) => call.url);
      const names = (urls: string[]) => urls.map((url) => url.split("/").pop()).sort();
      expect(names(served)).toEqual(["seg_000.ts", "seg_002.ts", "seg_004.ts"]);
      expect(names(missed)).toEqual(["seg_001.ts", "seg_003.ts"]);
      // The origin served the missed segments only; the cache path served the others.
      const hitsSince = (path: string) =>
        (rig.origin.hits.get(path) ?? 0) - (before.get(path) ?? 0);
      for (const segment of stream.segments) {
        const fromEngine = names(served).includes(segment.uri);
        expect(hitsSince(`/streams/hls/${segment.uri}`)).toBe(fromEngine ? 0 : 1);
      }
      // The engine got a copy of every segment that came from the network, byte-exact.
      expect(names(log.network.map((entry) => entry.url))).toEqual(["seg_001.ts", "seg_003.ts"]);
      for (const entry of log.network) {
        expect(entry.sha256).toBe(expected.get(entry.url.split("/").pop() ?? "")?.sha256);
      }
      // And the playlist was observed, exactly as the origin has it.
      const playlist = await readFile(stream.playlist, "utf8");
      expect(log.manifests.map((entry) => entry.text)).toEqual([playlist]);
    });
  }
});
