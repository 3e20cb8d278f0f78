/**
 * Firefox suspends an idle event page after about 30 s, engine and peers with it. A Firefox
 * viewer pauses its video for 60 s (nothing to fetch, nothing sent: the event page may sleep)
 * while a Chromium viewer that played the whole stream stays in the swarm; after the pause the
 * Firefox viewer plays to the end intact, and what it still needs comes mostly from the peer
 * again: the origin serves it (told apart by User-Agent) less than half of the bytes it fetched
 * after resuming.
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
