/**
 * The product path, end to end: three Chromium profiles with the extension (enabled for the test
 * site) open a page that plays an ffmpeg HLS stream with hls.js, a few seconds apart. The page
 * hook finds the stream in the page's own traffic, the offscreen engines share segments over
 * real WebRTC through a local tracker, and every segment hls.js received equals the origin's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import { sleep } from "../../../harness/wait";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../support/chromium";
import { ExtensionDriver } from "../support/extension-driver";
import { bundle } from "../support/intercept-browser";
import type { PlayResult } from "../support/intercept-players";
import { startOrigin, type Origin } from "../support/intercept-server";

const VIEWERS = 3;
const JOIN_GAP_MS = 3000;

interface Viewer {
  browser: ExtensionBrowser;
  driver: ExtensionDriver;
  result: PlayResult;
  tabId: number;
}

describe("hls.js pages with the extension", () => {
  let stream: HlsStream;
  let origin: Origin;
  let tracker: LocalTracker;
  const browsers: ExtensionBrowser[] = [];

  beforeAll(async () => {
    stream = await makeHlsVod({
      seconds: 24,
      segmentSeconds: 2,
      bitrate: "1200k",
      size: "854x480",
    });
    // The page loads no hook of its own (/hook.js is empty): the extension's hook is what runs.
    origin = await startOrigin({
      bundles: { "/hook.js": "", "/players.js": await bundle("intercept-players.ts") },
      streams: { vod: stream.dir },
    });
    tracker = await startTracker();
  });

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await origin.close();
    await tracker.close();
  });

  async function watch(): Promise<Viewer> {
    const browser = await launchWithExtension(TEST_EXTENSION_DIR);
    browsers.push(browser);
    const driver = new ExtensionDriver(browser.worker);
    await driver.preset({ trackerAnnounce: [tracker.url], rtcConfig: { iceServers: [] } }, [
      origin.base,
    ]);
    await driver.waitForPageScripts(`${origin.base}/*`);
    const page = await browser.context.newPage();
    page.on("pageerror", (error) => {
      console.error(`page error: ${error.message}`);
    });
    await page.goto(`${origin.base}/players.html`);
    const tabId = await driver.tabIdOf(`${origin.base}/players.html`);
    const result = await page.evaluate(
      (url) => window.__players.hls(url, false, 60_000),
      `${origin.base}/streams/vod/index.m3u8`,
    );
    return { browser, driver, result, tabId };
  }

  it("plays everywhere with the origin's bytes, the later viewers mostly from peers", async () => {
    const playing: Promise<Viewer>[] = [];
    for (let index = 0; index < VIEWERS; index++) {
      if (index > 0) await sleep(JOIN_GAP_MS);
      playing.push(watch());
    }
    const viewers = await Promise.all(playing);
    const hashes = new Map(stream.segments.map((segment) => [segment.uri, segment.sha256]));

    for (const [index, viewer] of viewers.entries()) {
      const { result } = viewer;
      // hls.js reports stalls as non-fatal errors (type:details:fatal:message); none may be fatal.
      const fatal = result.errors.filter((error) => error.split(":")[2] !== "false");
      expect(fatal, `viewer ${String(index + 1)}`).toEqual([]);
      expect(result.ended, `viewer ${String(index + 1)} ended`).toBe(true);
      expect(result.segments.length).toBeGreaterThanOrEqual(stream.segments.length);
      for (const segment of result.segments) {
        const name = new URL(segment.url).pathname.split("/").pop() ?? "";
        expect(segment.sha256, name).toBe(hashes.get(name));
      }
    }
    const stats = await Promise.all(viewers.map((viewer) => viewer.driver.stats(viewer.tabId)));
    const streamBytes = stream.segments.reduce((sum, segment) => sum + segment.bytes, 0);
    const fromOrigin = stream.segments.reduce(
      (sum, segment) => sum + segment.bytes * (origin.hits.get(`/streams/vod/${segment.uri}`) ?? 0),
      0,
    );
    console.log(
      viewers
        .map(
          (viewer, index) =>
            `viewer ${String(index + 1)} non-fatal: ${viewer.result.errors.join(" | ")}`,
        )
        .join("\n"),
    );
    console.log(
      stats
        .map(
          (s, index) =>
            `viewer ${String(index + 1)}: http ${String(s?.httpBytes)} p2p ${String(s?.p2pBytes)} up ${String(s?.uploadedBytes)} peers ${String(s?.peers)}`,
        )
        .join("\n"),
      `\norigin served ${String(fromOrigin)} segment bytes for ${String(VIEWERS)} viewers of a ${String(streamBytes)}-byte stream`,
    );
    for (const later of stats.slice(1)) {
      expect(later?.p2pBytes ?? 0).toBeGreaterThan(later?.httpBytes ?? Infinity);
    }
    expect(fromOrigin).toBeLessThan(streamBytes * VIEWERS * 0.6);
  });
});
