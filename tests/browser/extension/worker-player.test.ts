/**
 * A player that fetches in a dedicated worker (MediaSource in the worker, its handle played by
 * the page's video element) on a site with the extension switched on. The page hook cannot reach
 * the worker's requests: it must not break the player, and the popup must say that this player
 * cannot be helped. The engine holds nothing for the tab.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDashVod, type DashStream } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import type { ExtensionBrowser } from "../support/chromium";
import { openViewer } from "../support/extension-viewers";
import { bundle } from "../support/intercept-browser";
import { startOrigin, type Origin } from "../support/intercept-server";
import { openPage } from "../ui/ui-support";

const PLAY_TIMEOUT_MS = 60_000;

describe("a player that fetches in a worker, with the extension", () => {
  let stream: DashStream;
  let origin: Origin;
  let tracker: LocalTracker;
  const browsers: ExtensionBrowser[] = [];

  beforeAll(async () => {
    stream = await makeDashVod({
      seconds: 8,
      segmentSeconds: 2,
      bitrate: "300k",
      size: "320x180",
      addressing: "number",
    });
    origin = await startOrigin({
      bundles: { "/hook.js": "", "/worker-player.js": await bundle("worker-player.ts") },
      streams: { media: stream.dir },
    });
    tracker = await startTracker();
  });

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await origin.close();
    await tracker.close();
  });

  it(
    "plays to the end untouched; the popup says the player cannot be helped",
    async () => {
      const viewer = await openViewer({ origin, tracker, path: "/blank.html" }, browsers);
      // The video representation: its init segment, then its media segments in order.
      const video = stream.segments
        .map((segment) => segment.uri)
        .filter((uri) => /-0[-.]/.test(uri));
      const urls = [
        ...video.filter((uri) => uri.startsWith("init-")),
        ...video.filter((uri) => uri.startsWith("chunk-")),
      ].map((uri) => `${origin.base}/streams/media/${uri}`);
      expect(urls.length).toBeGreaterThan(2);
      const played = await viewer.page.evaluate(
        async ({ urls, timeoutMs }) => {
          const element = document.createElement("video");
          element.muted = true;
          document.body.append(element);
          const errors: string[] = [];
          element.addEventListener("error", () => {
            errors.push(`video: ${String(element.error?.message)}`);
          });
          const worker = new Worker("/worker-player.js");
          worker.addEventListener("error", (event) => {
            errors.push(`worker: ${event.message}`);
          });
          worker.addEventListener("message", (event: MessageEvent<{ handle: MediaProvider }>) => {
            element.srcObject = event.data.handle;
            void element.play().catch((error: unknown) => errors.push(`play: ${String(error)}`));
          });
          worker.postMessage({ urls, mime: 'video/mp4; codecs="avc1.64001e"' });
          const ended = await new Promise<boolean>((resolve) => {
            element.addEventListener(
              "ended",
              () => {
                resolve(true);
              },
              { once: true },
            );
            setTimeout(() => {
              resolve(false);
            }, timeoutMs);
          });
          return { ended, errors, currentTime: element.currentTime };
        },
        { urls, timeoutMs: PLAY_TIMEOUT_MS },
      );
      expect(played.errors).toEqual([]);
      expect(played.ended, `ended at ${String(played.currentTime)} s`).toBe(true);
      // Every segment went from the worker to the origin, once.
      for (const url of urls) {
        expect(origin.hits.get(new URL(url).pathname), url).toBe(1);
      }
      const status = await viewer.driver.engineStatus();
      const swarms = status.ok ? status.swarms : [];
      expect(swarms.filter((swarm) => swarm.tabs.includes(viewer.tabId))).toEqual([]);
      const popup = await openPage(viewer.browser, `popup.html?tabId=${String(viewer.tabId)}`);
      const line = popup.locator('[data-status="stands-aside"]');
      await line.waitFor({ timeout: 30_000 });
      expect(await line.textContent()).toContain("in a background worker");
    },
    2 * PLAY_TIMEOUT_MS,
  );
});
