/**
 * The Firefox package, end to end in real firefox-esr: two Firefox profiles with the extension
 * (test build, preset for a local tracker and the test site) open a page that plays an ffmpeg
 * HLS stream with hls.js, a few seconds apart. Each plays to the end with every segment equal to
 * the origin's file, and the second gets most of its bytes from the first over WebRTC between
 * the two event pages, so the origin serves far less than two copies of the stream.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FirefoxWithExtension } from "../../../harness/browser/firefox";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import { expectIntactPlayback, originBytes, staggered } from "../support/extension-viewers";
import { openFirefoxViewer } from "../support/firefox-viewers";
import { bundle } from "../support/intercept-browser";
import type { PlayResult } from "../support/intercept-players";
import { startOrigin, type Origin } from "../support/intercept-server";

describe("Firefox: hls.js pages with the extension", () => {
  let stream: HlsStream;
  let origin: Origin;
  let tracker: LocalTracker;
  const browsers: FirefoxWithExtension[] = [];

  beforeAll(async () => {
    stream = await makeHlsVod({
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
    const url = `${origin.base}/streams/media/index.m3u8`;
    const results = await staggered(2, 3000, async () => {
      const page = await openFirefoxViewer({ origin, tracker, path: "/players.html" }, browsers);
      await page.evaluate(() => {
        window.__players.setPlaybackRate(1);
      });
      const result: PlayResult = await page.evaluate(
        (manifest) => window.__players.hls(manifest, false, 90_000),
        url,
      );
      return result;
    });
    const streamBytes = stream.segments.reduce((sum, file) => sum + file.bytes, 0);
    const served = originBytes(origin, "/streams/media/", stream.segments);
    console.log(
      `firefox: origin served ${String(served)} segment bytes for 2 viewers of a ` +
        `${String(streamBytes)}-byte stream (${(served / streamBytes).toFixed(2)} copies); ` +
        `errors ${results.map((r) => r.errors.join(" | ")).join(" / ")}`,
    );
    for (const [index, result] of results.entries()) {
      expectIntactPlayback(
        `viewer ${String(index + 1)}`,
        result,
        stream.segments,
        (error) => error.split(":")[2] !== "false",
      );
    }
    // Without P2P the origin serves two copies; the second viewer's come mostly from peers.
    expect(served).toBeLessThan(streamBytes * 1.5);
  }, 240_000);
});
