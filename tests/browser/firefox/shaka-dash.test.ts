/**
 * Shaka Player on an ffmpeg DASH stream (SegmentTemplate, `$Number$`, H.264 and AAC in separate
 * AdaptationSets) in real firefox-esr with the extension: two viewers a few seconds apart, each
 * plays to the end with every segment equal to the origin's file, and the second takes most of
 * its bytes from the first, so the origin serves far less than two copies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FirefoxWithExtension } from "../../../harness/browser/firefox";
import { makeDashVod, type StreamSegment } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import { expectIntactPlayback, originBytes, staggered } from "../support/extension-viewers";
import { openFirefoxViewer } from "../support/firefox-viewers";
import { bundle } from "../support/intercept-browser";
import type { PlayResult } from "../support/intercept-players";
import { startOrigin, type Origin } from "../support/intercept-server";

describe("Firefox: Shaka Player (DASH) pages with the extension", () => {
  let stream: { dir: string; segments: StreamSegment[] };
  let origin: Origin;
  let tracker: LocalTracker;
  const browsers: FirefoxWithExtension[] = [];

  beforeAll(async () => {
    stream = await makeDashVod({
      addressing: "number",
      seconds: 24,
      segmentSeconds: 2,
      bitrate: "1200k",
      size: "854x480",
    });
    origin = await startOrigin({
      bundles: { "/hook.js": "", "/players.js": await bundle("intercept-players.ts") },
      streams: { media: stream.dir },
    });
    tracker = await startTracker();
  });

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await origin.close();
    await tracker.close();
  });

  it("plays to the end intact in two Firefox viewers, the second mostly from the first", async () => {
    const url = `${origin.base}/streams/media/manifest.mpd`;
    const results = await staggered(2, 3000, async () => {
      const page = await openFirefoxViewer({ origin, tracker, path: "/shaka.html" }, browsers);
      await page.evaluate(() => {
        window.__players.setPlaybackRate(1);
      });
      const result: PlayResult = await page.evaluate(
        (manifest) => window.__players.shaka(manifest, 90_000),
        url,
      );
      return result;
    });
    const streamBytes = stream.segments.reduce((sum, file) => sum + file.bytes, 0);
    const served = originBytes(origin, "/streams/media/", stream.segments);
    console.log(
      `firefox shaka: origin served ${String(served)} segment bytes for 2 viewers of a ` +
        `${String(streamBytes)}-byte stream (${(served / streamBytes).toFixed(2)} copies); ` +
        `errors ${results.map((r) => r.errors.join(" | ")).join(" / ")}`,
    );
    const sliver = stream.segments.filter((s) => s.duration > 0 && s.duration < 0.5);
    for (const [index, result] of results.entries()) {
      expectIntactPlayback(
        `viewer ${String(index + 1)}`,
        result,
        stream.segments,
        // Severity 2 is CRITICAL; Shaka reports recoverable problems with severity 1.
        (error) => error.startsWith("shaka:load:") || error.split(":")[1] === "2",
        sliver.map((file) => file.uri),
      );
    }
    expect(served).toBeLessThan(streamBytes * 1.5);
  }, 240_000);
});
