/**
 * One shape for every "player X with the extension" test: an ffmpeg stream on the support
 * origin, a local tracker, N Chromium viewers with the extension joining a few seconds apart,
 * each playing the stream to the end. Asserts intact playback (no fatal error, every segment the
 * player received equals the origin's), that later viewers took a real share from peers, that
 * the origin served less than without P2P, and that the same viewers on the same schedule
 * without the extension stall no less.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamSegment } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import { launchChromium, type LaunchedBrowser } from "../../../harness/browser/chromium";
import type { ExtensionBrowser } from "./chromium";
import {
  describeStats,
  expectIntactPlayback,
  openViewer,
  originBytes,
  staggered,
} from "./extension-viewers";
import { bundle } from "./intercept-browser";
import type { PlayResult } from "./intercept-players";
import { startOrigin, type Origin } from "./intercept-server";

export interface PlayerCase {
  /** The describe() title. */
  title: string;
  makeStream(): Promise<{ dir: string; segments: StreamSegment[] }>;
  /** The manifest's file name inside the stream folder. */
  manifest: string;
  /** The support origin's page that loads this player. */
  page: string;
  /** Plays `url` in `page` with this player (a window.__players driver). */
  play(page: Page, url: string): Promise<PlayResult>;
  /** Which reported errors are fatal for this player. */
  isFatal(error: string): boolean;
  viewers?: number;
  joinGapMs?: number;
  /**
   * Share of a later viewer's segment bytes (from peers, the engine's HTTP and what the page
   * fetched itself) that must come from peers (default: most, over half).
   */
  minPeerShare?: number;
  /** The origin must serve less than this share of (viewers x stream) (default 1). */
  maxOriginShare?: number;
  /**
   * Files of the stream's folder that only the player may fetch, never the engine or a peer (an
   * AES-128 key): the origin must see as many requests for each with the extension as without.
   */
  playerOnly?: string[];
}

/** hls.js on the support origin's players page (every field but the title and the stream). */
export const HLS_JS_CASE = {
  manifest: "index.m3u8",
  page: "/players.html",
  play: (page: Page, url: string) =>
    page.evaluate((manifest) => window.__players.hls(manifest, false, 60_000), url),
  // hls.js reports stalls as non-fatal errors (type:details:fatal:message); none may be fatal.
  isFatal: (error: string) => error.split(":")[2] !== "false",
  joinGapMs: 3000,
  minPeerShare: 0.5,
  maxOriginShare: 0.6,
} satisfies Omit<PlayerCase, "title" | "makeStream">;

/** Two rounds of viewers (with and without the extension), each joining apart, playing at 1x. */
const TWO_ROUNDS_MS = 180_000;

export function describePlayerSwarm(player: PlayerCase): void {
  const viewersCount = player.viewers ?? 3;
  describe(player.title, () => {
    let stream: { dir: string; segments: StreamSegment[] };
    let origin: Origin;
    let tracker: LocalTracker;
    const browsers: ExtensionBrowser[] = [];
    const plainBrowsers: LaunchedBrowser[] = [];

    beforeAll(async () => {
      stream = await player.makeStream();
      // The page loads no hook of its own (/hook.js is empty): the extension's hook is what runs.
      origin = await startOrigin({
        bundles: { "/hook.js": "", "/players.js": await bundle("intercept-players.ts") },
        streams: { media: stream.dir },
      });
      tracker = await startTracker();
    });

    afterAll(async () => {
      await Promise.all([...browsers, ...plainBrowsers].map((browser) => browser.close()));
      await origin.close();
      await tracker.close();
    });

    /** The viewers of the test again, each a plain Chromium with no extension. */
    const playWithoutExtension = (url: string) =>
      staggered(viewersCount, player.joinGapMs ?? 5000, async () => {
        const browser = await launchChromium();
        plainBrowsers.push(browser);
        const page = await browser.context.newPage();
        await page.goto(`${origin.base}${player.page}`);
        await page.evaluate(() => {
          window.__players.setPlaybackRate(1);
        });
        return player.play(page, url);
      });

    it(
      "plays everywhere with the origin's bytes, the later viewers' share from peers",
      async () => {
        const url = `${origin.base}/streams/media/${player.manifest}`;
        const viewers = await staggered(viewersCount, player.joinGapMs ?? 5000, async () => {
          const viewer = await openViewer({ origin, tracker, path: player.page }, browsers);
          await viewer.page.evaluate(() => {
            window.__players.setPlaybackRate(1);
          });
          return { ...viewer, result: await player.play(viewer.page, url) };
        });
        const stats = await Promise.all(viewers.map((viewer) => viewer.driver.stats(viewer.tabId)));
        const pageBytes = await Promise.all(viewers.map((viewer) => pageFetched(viewer.page)));
        const streamBytes = stream.segments.reduce((sum, file) => sum + file.bytes, 0);
        const served = originBytes(origin, "/streams/media/", stream.segments);
        console.log(
          viewers.map((v, i) => `viewer ${String(i + 1)} errors: ${v.result.errors.join(" | ")}`),
          `\n${describeStats(stats)}\npage fetched itself ${pageBytes.join(", ")}` +
            `\norigin served ${String(served)} segment bytes for ` +
            `${String(viewersCount)} viewers of a ${String(streamBytes)}-byte stream`,
        );
        // A last audio segment that is a sliver past the video's end may be skipped by a player.
        const sliver = stream.segments.filter((s) => s.duration > 0 && s.duration < 0.5);
        for (const [index, viewer] of viewers.entries()) {
          expectIntactPlayback(
            `viewer ${String(index + 1)}`,
            viewer.result,
            stream.segments,
            (error) => player.isFatal(error),
            sliver.map((file) => file.uri),
          );
        }
        const minShare = player.minPeerShare ?? 0.5;
        for (const [index, later] of stats.entries()) {
          if (index === 0) continue;
          const p2p = later?.p2pBytes ?? 0;
          const http = (later?.httpBytes ?? Infinity) + (pageBytes[index] ?? 0);
          expect(p2p, `viewer ${String(index + 1)} from peers`).toBeGreaterThan(
            (p2p + http) * minShare,
          );
        }
        expect(served).toBeLessThan(streamBytes * viewersCount * (player.maxOriginShare ?? 1));
        const stalls = viewers.reduce((sum, viewer) => sum + viewer.result.stalls, 0);
        console.log(`stalls with the extension: ${String(stalls)}`);
        const playerOnly = (player.playerOnly ?? []).map((file) => `/streams/media/${file}`);
        const playerOnlyHits = playerOnly.map((path) => origin.hits.get(path) ?? 0);
        // The same viewers on the same schedule without the extension: the baseline for stalls is
        // this machine at this moment.
        const baseline = await playWithoutExtension(url);
        const baselineStalls = baseline.reduce((sum, result) => sum + result.stalls, 0);
        console.log(`stalls without the extension: ${String(baselineStalls)}`);
        for (const [index, result] of baseline.entries()) {
          expect(result.ended, `baseline viewer ${String(index + 1)} ended`).toBe(true);
        }
        expect(stalls).toBeLessThanOrEqual(baselineStalls);
        for (const [index, path] of playerOnly.entries()) {
          const withExtension = playerOnlyHits[index] ?? 0;
          const without = (origin.hits.get(path) ?? 0) - withExtension;
          console.log(
            `${path}: ${String(withExtension)} requests with the extension, ${String(without)} without`,
          );
          expect(without, `${path} requested without the extension`).toBeGreaterThan(0);
          expect(withExtension, `${path} requested with the extension`).toBe(without);
        }
      },
      TWO_ROUNDS_MS,
    );
  });
}

/**
 * Segment bytes the page fetched from the network itself (what the engine answered never reached
 * the page's network): the stream's files in the page's resource timing.
 */
function pageFetched(page: Page): Promise<number> {
  return page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((entry) => new URL(entry.name).pathname.startsWith("/streams/media/"))
      .filter((entry) => !/\.(m3u8|mpd)$/.test(new URL(entry.name).pathname))
      .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).encodedBodySize, 0),
  );
}
