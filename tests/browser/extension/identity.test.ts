/**
 * Two videos of one site never share a swarm (issue "Trust", item 2). The site serves two
 * different ffmpeg streams (other test pattern, so every segment differs) under URLs that differ
 * only by a UUID path segment, then only by a `?v=` parameter. Three Chromium viewers with the
 * extension join a few seconds apart: the first and third play one video, the second the other.
 * Each player must receive exactly its own video's bytes (a merged swarm hands the second
 * viewer the first one's segments from a peer, which pass the engine's container check), and the
 * third must still get bytes from the first (the swarm of one video does share).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHlsVod, type HlsStream, type StreamSegment } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import type { ExtensionBrowser } from "../support/chromium";
import {
  describeStats,
  expectIntactPlayback,
  openViewer,
  staggered,
} from "../support/extension-viewers";
import { bundle } from "../support/intercept-browser";
import { startOrigin, type Origin } from "../support/intercept-server";

const UUID_A = "3f2b8c1e-9d4a-4e6b-8f0a-1c2d3e4f5a6b";
const UUID_B = "7c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f";
const OPTIONS = { seconds: 12, segmentSeconds: 2, bitrate: "600k", size: "640x360" } as const;
/** Three viewers joining 3 s apart, each playing 12 s at 1x; generous for a loaded machine. */
const ROUND_MS = 120_000;
const isFatal = (error: string): boolean => error.split(":")[2] !== "false";

describe("two videos of one site with the extension", () => {
  let videoA: HlsStream;
  let videoB: HlsStream;
  let origin: Origin;
  let tracker: LocalTracker;
  const browsers: ExtensionBrowser[] = [];

  beforeAll(async () => {
    videoA = await makeHlsVod(OPTIONS);
    videoB = await makeHlsVod({ ...OPTIONS, pattern: "testsrc" });
    const differ = videoA.segments.every((a, i) => a.sha256 !== videoB.segments[i]?.sha256);
    expect(differ, "every segment of the two videos differs").toBe(true);
    origin = await startOrigin({
      bundles: { "/hook.js": "", "/players.js": await bundle("intercept-players.ts") },
      streams: {
        [UUID_A]: videoA.dir,
        [UUID_B]: videoB.dir,
        "1001": videoA.dir,
        "2002": videoB.dir,
      },
    });
    tracker = await startTracker();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await origin.close();
    await tracker.close();
  });

  /** Viewers 1 and 3 play `urlA`, viewer 2 `urlB`; checks bytes and the third's peer share. */
  async function playBoth(urlA: string, urlB: string): Promise<void> {
    const plan: { url: string; segments: StreamSegment[] }[] = [
      { url: urlA, segments: videoA.segments },
      { url: urlB, segments: videoB.segments },
      { url: urlA, segments: videoA.segments },
    ];
    const viewers = await staggered(plan.length, 3000, async (index) => {
      const viewer = await openViewer({ origin, tracker, path: "/players.html" }, browsers);
      await viewer.page.evaluate(() => {
        window.__players.setPlaybackRate(1);
      });
      const url = plan[index]?.url ?? "";
      const result = await viewer.page.evaluate(
        (manifest) => window.__players.hls(manifest, false, 60_000),
        url,
      );
      return { ...viewer, result };
    });
    const stats = await Promise.all(viewers.map((viewer) => viewer.driver.stats(viewer.tabId)));
    console.log(describeStats(stats));
    for (const [index, viewer] of viewers.entries()) {
      expectIntactPlayback(
        `viewer ${String(index + 1)}`,
        viewer.result,
        plan[index]?.segments ?? [],
        isFatal,
      );
    }
    expect(stats[2]?.p2pBytes ?? 0, "viewer 3 (same video as viewer 1) from peers").toBeGreaterThan(
      0,
    );
    await Promise.all(browsers.splice(0).map((browser) => browser.close()));
  }

  it(
    "URLs that differ only by a UUID path segment: each player gets its own video",
    () =>
      playBoth(
        `${origin.base}/streams/${UUID_A}/index.m3u8`,
        `${origin.base}/streams/${UUID_B}/index.m3u8`,
      ),
    ROUND_MS,
  );

  it(
    "URLs that differ only by ?v=: each player gets its own video",
    () =>
      playBoth(`${origin.base}/watch/index.m3u8?v=1001`, `${origin.base}/watch/index.m3u8?v=2002`),
    ROUND_MS,
  );
});
