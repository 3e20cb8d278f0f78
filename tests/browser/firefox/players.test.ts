/**
 * The Firefox package, end to end in real firefox-esr with real players: two Firefox profiles
 * with the extension (test build, preset for a local tracker and the test site) play an ffmpeg
 * stream a few seconds apart, hls.js on HLS and Shaka Player on DASH (SegmentTemplate,
 * `$Number$`, H.264 and AAC apart). Each plays to the end with every segment equal to the
 * origin's file, and the second takes most of its bytes from the first over WebRTC between the
 * two event pages, so the origin serves far less than two copies of the stream.
 */
import type { Page } from "puppeteer-core";
import { afterAll, describe, expect, it } from "vitest";
import type { FirefoxWithExtension } from "../../../harness/browser/firefox";
import { makeDashVod, makeHlsVod, type StreamSegment } from "../../../harness/streams";
import { expectIntactPlayback, originBytes, staggered } from "../support/extension-viewers";
import { openFirefoxViewer } from "../support/firefox-viewers";
import type { PlayResult } from "../support/intercept-players";
import { SHORT_VOD, startPlayersSite, type PlayersSite } from "../support/players-origin";

interface FirefoxPlayerCase {
  player: string;
  makeStream(): Promise<{ dir: string; segments: StreamSegment[] }>;
  manifest: string;
  page: string;
  play(page: Page, url: string): Promise<PlayResult>;
  isFatal(error: string): boolean;
}

const CASES: FirefoxPlayerCase[] = [
  {
    player: "hls.js",
    makeStream: () => makeHlsVod(SHORT_VOD),
    manifest: "index.m3u8",
    page: "/players.html",
    play: (page, url) => page.evaluate((m) => window.__players.hls(m, false, 90_000), url),
    // hls.js reports stalls as non-fatal errors (type:details:fatal:message).
    isFatal: (error) => error.split(":")[2] !== "false",
  },
  {
    player: "Shaka Player (DASH)",
    makeStream: () => makeDashVod({ ...SHORT_VOD, addressing: "number" }),
    manifest: "manifest.mpd",
    page: "/shaka.html",
    play: (page, url) => page.evaluate((m) => window.__players.shaka(m, 90_000), url),
    // Severity 2 is CRITICAL; Shaka reports recoverable problems with severity 1.
    isFatal: (error) => error.startsWith("shaka:load:") || error.split(":")[1] === "2",
  },
];

describe("Firefox: player pages with the extension", () => {
  const browsers: FirefoxWithExtension[] = [];
  const sites: PlayersSite[] = [];

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await Promise.all(sites.map((site) => site.close()));
  });

  it.each(CASES)(
    "$player plays to the end intact in two Firefox viewers, the second mostly from the first",
    async (player) => {
      const stream = await player.makeStream();
      const site = await startPlayersSite({ media: stream.dir });
      sites.push(site);
      const { origin, tracker } = site;
      const url = `${origin.base}/streams/media/${player.manifest}`;
      const results = await staggered(2, 3000, async () => {
        const page = await openFirefoxViewer({ origin, tracker, path: player.page }, browsers);
        await page.evaluate(() => {
          window.__players.setPlaybackRate(1);
        });
        return player.play(page, url);
      });
      const streamBytes = stream.segments.reduce((sum, file) => sum + file.bytes, 0);
      const served = originBytes(origin, "/streams/media/", stream.segments);
      console.log(
        `firefox ${player.player}: origin served ${String(served)} segment bytes for 2 viewers ` +
          `of a ${String(streamBytes)}-byte stream (${(served / streamBytes).toFixed(2)} copies); ` +
          `errors ${results.map((r) => r.errors.join(" | ")).join(" / ")}`,
      );
      // A last audio segment that is a sliver past the video's end may be skipped by a player.
      const sliver = stream.segments.filter((s) => s.duration > 0 && s.duration < 0.5);
      for (const [index, result] of results.entries()) {
        expectIntactPlayback(
          `viewer ${String(index + 1)}`,
          result,
          stream.segments,
          (error) => player.isFatal(error),
          sliver.map((file) => file.uri),
        );
      }
      // Without P2P the origin serves two copies; the second viewer's come mostly from peers.
      expect(served).toBeLessThan(streamBytes * 1.5);
    },
    240_000,
  );
});
