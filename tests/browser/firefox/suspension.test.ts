/**
 * Firefox suspends an idle event page after about 30 s, engine and peers with it.
 *
 * A playing page keeps it awake: a Firefox viewer buffers a whole 90 s stream in its first
 * seconds and plays on with nothing left to fetch; a Chromium viewer that joins 50 s later still
 * gets most of the stream from it (without the page hook's keep-alive, the event page slept and
 * the origin served the newcomer everything).
 *
 * A paused page lets it sleep: a Firefox viewer pauses its video for 60 s (nothing to fetch,
 * nothing sent) while a Chromium viewer that played the whole stream stays in the swarm; after
 * the pause the Firefox viewer plays to the end intact, and what it still needs comes mostly from
 * the peer again: the origin serves it (told apart by User-Agent) less than half of the bytes it
 * fetched after resuming.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FirefoxWithExtension } from "../../../harness/browser/firefox";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import type { LocalTracker } from "../../../harness/tracker";
import type { ExtensionBrowser } from "../support/chromium";
import { expectIntactPlayback, openViewer, originBytes } from "../support/extension-viewers";
import { openFirefoxViewer } from "../support/firefox-viewers";
import type { PlayResult } from "../support/intercept-players";
import type { Origin } from "../support/intercept-server";
import { startPlayersSite } from "../support/players-origin";

const PAUSE_MS = 60_000;
const FIREFOX = /Firefox\//;
const CHROMIUM = /Chrome\//;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Firefox: the event page's suspension during a pause", () => {
  let stream: HlsStream;
  let origin: Origin;
  let tracker: LocalTracker;
  const chromiums: ExtensionBrowser[] = [];
  const firefoxes: FirefoxWithExtension[] = [];

  beforeAll(async () => {
    // Longer than hls.js buffers ahead (30 s), so there is something to fetch after the pause.
    stream = await makeHlsVod({ seconds: 60, segmentSeconds: 2, bitrate: "800k", size: "640x360" });
    ({ origin, tracker } = await startPlayersSite({ media: stream.dir }));
  });

  afterAll(async () => {
    await Promise.all([...chromiums, ...firefoxes].map((browser) => browser.close()));
    await origin.close();
    await tracker.close();
  });

  it("stays awake while its page plays with nothing left to fetch: a viewer 50 s later gets the stream from it", async () => {
    const long = await makeHlsVod({
      seconds: 90,
      segmentSeconds: 2,
      bitrate: "400k",
      size: "320x180",
    });
    const site = await startPlayersSite({ media: long.dir });
    try {
      const url = `${site.origin.base}/streams/media/index.m3u8`;
      const isFatal = (error: string) => error.split(":")[2] !== "false";
      const page = await openFirefoxViewer(
        { origin: site.origin, tracker: site.tracker, path: "/players.html" },
        firefoxes,
      );
      await page.evaluate(() => {
        window.__players.setPlaybackRate(1);
      });
      // Buffers the whole stream (120 s ahead), then plays 90 s at 1x asking for nothing.
      const playing = page.evaluate(
        (manifest) => window.__players.hls(manifest, false, 200_000, 120),
        url,
      );
      await page.waitForFunction(() => (document.querySelector("video")?.currentTime ?? 0) > 50, {
        timeout: 150_000,
        polling: 1000,
      });
      const lastFirefoxRequest = Math.max(
        ...site.origin.requests
          .filter((request) => request.userAgent.includes("Firefox/"))
          .map((request) => request.at),
      );
      const joinedAt = Date.now();
      console.log(
        `firefox's last request to the origin ${String(joinedAt - lastFirefoxRequest)} ms before the newcomer joined`,
      );
      const newcomer = await openViewer(
        { origin: site.origin, tracker: site.tracker, path: "/players.html" },
        chromiums,
      );
      const played: PlayResult = await newcomer.page.evaluate(
        (manifest) => window.__players.hls(manifest, false, 120_000),
        url,
      );
      expectIntactPlayback("newcomer", played, long.segments, isFatal);
      const total = long.segments.reduce((sum, segment) => sum + segment.bytes, 0);
      const fromOrigin = originBytes(
        site.origin,
        "/streams/media/",
        long.segments,
        CHROMIUM,
        joinedAt,
      );
      console.log(
        `the newcomer took ${String(fromOrigin)} of ${String(total)} bytes from the origin ` +
          `(${((100 * fromOrigin) / total).toFixed(1)}%)`,
      );
      expect(fromOrigin).toBeLessThan(total * 0.5);
      expectIntactPlayback("firefox", await playing, long.segments, isFatal);
    } finally {
      await site.origin.close();
      await site.tracker.close();
    }
  }, 400_000);

  it("plays on after a 60 s pause, its remaining bytes mostly from the peer", async () => {
    const url = `${origin.base}/streams/media/index.m3u8`;
    const isFatal = (error: string) => error.split(":")[2] !== "false";
    // The seeder plays the whole stream (4x) and stays in the swarm.
    const seeder = await openViewer({ origin, tracker, path: "/players.html" }, chromiums);
    const seeded: PlayResult = await seeder.page.evaluate(
      (manifest) => window.__players.hls(manifest, false, 60_000),
      url,
    );
    expectIntactPlayback("seeder", seeded, stream.segments, isFatal);

    const page = await openFirefoxViewer({ origin, tracker, path: "/players.html" }, firefoxes);
    await page.evaluate(() => {
      window.__players.setPlaybackRate(1);
    });
    const playing = page.evaluate(
      (manifest) => window.__players.hls(manifest, false, 150_000),
      url,
    );
    const video = () => page.waitForSelector("video");
    await page.waitForFunction(() => (document.querySelector("video")?.currentTime ?? 0) > 4);
    const pausing = await video();
    await pausing?.evaluate((element) => {
      element.pause();
    });
    const idsAtPause = new Set(tracker.announcedPeerIds());
    await sleep(PAUSE_MS);
    const idsInPause = tracker.announcedPeerIds().filter((id) => !idsAtPause.has(id)).length;
    const resumedAt = Date.now();
    const videoElement = await video();
    const resumedAtPage = await videoElement?.evaluate(async (element) => {
      element.playbackRate = 2;
      await element.play();
      return performance.now();
    });
    const result: PlayResult = await playing;
    expectIntactPlayback("firefox", result, stream.segments, isFatal);

    const after = originBytes(origin, "/streams/media/", stream.segments, FIREFOX, resumedAt);
    // What the player asked for after the pause (its loader's start times are on the page clock).
    const neededAfter = result.segments
      .filter((segment) => (segment.startedAt ?? 0) >= (resumedAtPage ?? Infinity))
      .reduce((sum, segment) => sum + segment.length, 0);
    console.log(
      `firefox after a ${String(PAUSE_MS / 1000)} s pause: the player fetched ` +
        `${String(neededAfter)} bytes, the origin served ${String(after)} of them ` +
        `(${((100 * after) / Math.max(1, neededAfter)).toFixed(1)}%)`,
    );
    // A loader joining anew announces a new peer id: the engine did not keep its swarm.
    const idsAfter = tracker.announcedPeerIds().filter((id) => !idsAtPause.has(id)).length;
    console.log(
      `peer ids announced: ${String(idsInPause)} during the pause, ${String(idsAfter)} in all since`,
    );
    expect(neededAfter).toBeGreaterThan(0);
    expect(after).toBeLessThan(neededAfter * 0.5);
  }, 300_000);
});
