/**
 * One swarm across browsers: a Chromium viewer and a Firefox viewer, each with its browser's
 * package of the extension (test builds), play the same ffmpeg HLS stream with hls.js through
 * one local tracker, the second joining 3 s after the first started playing. Both ways round, both play
 * to the end with every segment equal to the origin's, and the later viewer takes most of its
 * bytes from the other browser over WebRTC: the origin serves it (told apart by User-Agent) far
 * less than the stream.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FirefoxWithExtension } from "../../../harness/browser/firefox";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import type { LocalTracker } from "../../../harness/tracker";
import type { ExtensionBrowser } from "../support/chromium";
import { sleep } from "../../../harness/wait";
import { expectIntactPlayback, openViewer, originBytes } from "../support/extension-viewers";
import { openFirefoxViewer } from "../support/firefox-viewers";
import type { PlayResult } from "../support/intercept-players";
import type { Origin } from "../support/intercept-server";
import { SHORT_VOD, startPlayersSite, type PlayersSite } from "../support/players-origin";
import { waitFor } from "../support/wait-for";

type Kind = "chromium" | "firefox";
const AGENTS: Record<Kind, RegExp> = { chromium: /Chrome\//, firefox: /Firefox\// };

describe("a swarm of Chromium and Firefox viewers", () => {
  let stream: HlsStream;
  // Each case gets its own origin and tracker: the second swarm does not start among the first's
  // departed peers.
  let origin: Origin;
  let tracker: LocalTracker;
  const sites: PlayersSite[] = [];
  let chromiums: ExtensionBrowser[] = [];
  let firefoxes: FirefoxWithExtension[] = [];

  beforeAll(async () => {
    stream = await makeHlsVod(SHORT_VOD);
  });

  afterEach(async () => {
    await Promise.all([...chromiums, ...firefoxes].map((browser) => browser.close()));
    chromiums = [];
    firefoxes = [];
  });

  afterAll(async () => {
    await Promise.all(sites.map((site) => site.close()));
  });

  /** Opens a viewer of `kind` on the players page and plays the stream at 1x to its end. */
  async function watch(kind: Kind): Promise<PlayResult> {
    const url = `${origin.base}/streams/media/index.m3u8`;
    const page =
      kind === "firefox"
        ? await openFirefoxViewer({ origin, tracker, path: "/players.html" }, firefoxes)
        : (await openViewer({ origin, tracker, path: "/players.html" }, chromiums)).page;
    // The two page types (puppeteer's, Playwright's) evaluate alike.
    const evaluate = page.evaluate.bind(page) as <T, A>(fn: (arg: A) => T, arg: A) => Promise<T>;
    await evaluate(() => {
      window.__players.setPlaybackRate(1);
    }, undefined);
    return evaluate((manifest: string) => window.__players.hls(manifest, false, 90_000), url);
  }

  it.each([
    { first: "chromium", second: "firefox" },
    { first: "firefox", second: "chromium" },
  ] as const)(
    "$second joining $first gets most of its bytes from it, intact",
    async ({ first, second }) => {
      const site = await startPlayersSite({ media: stream.dir });
      sites.push(site);
      ({ origin, tracker } = site);
      const served = (kind: Kind) =>
        originBytes(origin, "/streams/media/", stream.segments, AGENTS[kind]);
      // The second starts 3 s after the first plays, not after it launches: Firefox takes
      // seconds longer to start than Chromium, and a "second" Chromium once played before the
      // Firefox it was meant to join (and took everything from the origin).
      const firstPlay = watch(first);
      await waitFor(() => served(first) > 0, 120_000, `${first}'s first segment`);
      await sleep(3000);
      const results = await Promise.all([firstPlay, watch(second)]);
      const streamBytes = stream.segments.reduce((sum, file) => sum + file.bytes, 0);
      const secondServed = served(second);
      console.log(
        `${first} then ${second}: the origin served ${second} ${String(secondServed)} of ` +
          `${String(streamBytes)} stream bytes (${((100 * secondServed) / streamBytes).toFixed(1)}%)`,
      );
      for (const [index, result] of results.entries()) {
        expectIntactPlayback(
          index === 0 ? first : second,
          result,
          stream.segments,
          (error) => error.split(":")[2] !== "false",
        );
      }
      expect(secondServed).toBeLessThan(streamBytes * 0.5);
    },
    240_000,
  );
});
