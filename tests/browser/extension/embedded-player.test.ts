/**
 * A player embedded from another origin (a video platform's player page in an iframe of a news
 * site), end to end with the built extension, hls.js in the frame, a local tracker and real
 * WebRTC: with only the news site on, the frame is left alone and the popup offers its origin by
 * name; one click shares it (the host permission, then the reload); two viewers then share the
 * frame's video, intact; and the player's origin alone, outside the site that embeds it, gets
 * nothing from the engine.
 */
import type { Frame, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import type { TabStats } from "../../../messaging/engine-to-background";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
import {
  describeStats,
  expectIntactPlayback,
  openViewer,
  warmEngine,
  type Viewer,
} from "../support/extension-viewers";
import type { PlayResult } from "../support/intercept-players";
import { startOrigin, type Origin } from "../support/intercept-server";
import { startPlayersSite, type PlayersSite } from "../support/players-origin";
import { waitFor } from "../support/wait-for";
import { openPage, readStorage, screenshot } from "../ui/ui-support";
import { ENVELOPE_TAG } from "../../../hook/relay-envelope";

/** How long a state change may take on a loaded 2-core machine (waits poll: a pass is fast). */
const WAIT_MS = 60_000;
const POPUP_SIZE = { width: 392, height: 600 };

/** hls.js reports stalls as non-fatal errors (type:details:fatal:message). */
const hlsFatal = (error: string) => error.split(":")[2] !== "false";

describe("a player embedded from another origin (Chromium)", () => {
  let stream: HlsStream;
  /** The video platform: its player page, its stream, the tracker. */
  let player: PlayersSite;
  /** The news site: a page with the player's page in an iframe. */
  let news: Origin;
  let browsers: ExtensionBrowser[] = [];

  beforeAll(async () => {
    stream = await makeHlsVod({
      seconds: 12,
      segmentSeconds: 2,
      bitrate: "1000k",
      size: "640x360",
    });
    player = await startPlayersSite({ vod: stream.dir });
    news = await startOrigin({
      bundles: { "/hook.js": "" },
      streams: {},
      pages: {
        "/article.html": `<!doctype html><html><head><meta charset="utf-8"><title>News</title></head><body><h1>An article</h1><iframe src="${player.origin.base}/players.html" width="640" height="360" allow="autoplay; fullscreen"></iframe><iframe src="${player.origin.base}/blank.html" width="1" height="1"></iframe></body></html>`,
      },
    });
  });

  afterEach(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    browsers = [];
  });

  afterAll(async () => {
    await news.close();
    await player.close();
  });

  const streamUrl = () => `${player.origin.base}/streams/vod/index.m3u8`;
  const embeds = () => ({ [news.base]: [player.origin.base] });
  const viewer = (options: { embeds?: Record<string, string[]> } = {}) =>
    openViewer(
      { origin: news, tracker: player.tracker, path: "/article.html", ...options },
      browsers,
    );

  /** The player frame of the article (the 640x360 one). */
  async function playerFrame(page: Page): Promise<Frame> {
    const url = `${player.origin.base}/players.html`;
    let found: Frame | undefined;
    await waitFor(
      async () => {
        found = page.frames().find((frame) => frame.url() === url);
        return found !== undefined && (await found.evaluate(() => "__players" in window));
      },
      WAIT_MS,
      "the player frame",
    );
    if (!found) throw new Error("no player frame");
    return found;
  }

  /** Plays the stream in the frame; in real time (1x, 4 s ahead) for a viewer who takes from peers. */
  const play = (frame: Frame, realTime = false): Promise<PlayResult> =>
    frame.evaluate(
      ({ url, realTime }) => {
        window.__players.setPlaybackRate(realTime ? 1 : 4);
        return window.__players.hls(url, false, 120_000, realTime ? 4 : undefined);
      },
      { url: streamUrl(), realTime },
    );

  const statsOf = async (
    entry: Pick<Viewer, "driver" | "tabId">,
    ready: (stats: TabStats) => boolean = () => true,
  ): Promise<TabStats> => {
    let last: TabStats | undefined;
    await waitFor(
      async () => {
        last = await entry.driver.stats(entry.tabId);
        return last !== undefined && ready(last);
      },
      WAIT_MS,
      `tab ${String(entry.tabId)}'s stats`,
    );
    if (last === undefined) throw new Error("no stats");
    return last;
  };

  /** The frame's fetch as its source reads (the hook disguises toString in the page only). */
  const fetchSource = (frame: Frame) =>
    frame.evaluate(() => {
      const probe = document.createElement("iframe");
      document.body.append(probe);
      const prototype = (probe.contentWindow as typeof window).Function.prototype;
      const toString: unknown = Reflect.get(prototype, "toString");
      const source = Reflect.apply(toString as () => string, Reflect.get(window, "fetch"), []);
      probe.remove();
      return source;
    });

  /**
   * Whole segments the player's origin has served so far (the engine's spot checks of peer bytes
   * are small range requests: not counted).
   */
  const segmentHits = () => {
    const paths = new Set(stream.segments.map((segment) => `/streams/vod/${segment.uri}`));
    return player.origin.requests.filter(
      (request) => paths.has(request.path) && request.range === undefined,
    ).length;
  };

  it("is left alone with only the site on; the popup names it, and one click shares it", async () => {
    const opened = await viewer();
    const frame = await playerFrame(opened.page);
    // The frame's page keeps the browser's own fetch: no hook in it.
    expect(await fetchSource(frame)).toBe("function fetch() { [native code] }");
    const before = segmentHits();
    expectIntactPlayback("not shared", await play(frame), stream.segments, hlsFatal);
    expect(segmentHits() - before).toBe(stream.segments.length);
    expect((await opened.driver.state()).starts).toBe(0);

    // The popup names the player's origin (the 1x1 frame of the same origin is no player).
    const popup = await openPage(
      opened.browser,
      `popup.html?tabId=${String(opened.tabId)}`,
      POPUP_SIZE,
    );
    // Named with its scheme: an http origin is not to be taken for the https one.
    const named = player.origin.base;
    const host = new URL(named).host;
    await popup
      .getByText(`This page embeds a frame from ${named}, perhaps its video player.`)
      .waitFor();
    await screenshot(popup, "popup-embed-offer");
    // A real click (a user gesture): the test build has the host permission for 127.0.0.1
    // granted already, so Chromium answers without a prompt.
    await popup.getByRole("button", { name: `Share the video in frames from ${named}` }).click();
    await waitFor(
      async () =>
        JSON.stringify(await readStorage(opened.browser.worker, STORAGE_KEYS.embeds)) ===
        JSON.stringify(embeds()),
      WAIT_MS,
      "the embed to be stored",
    );
    await popup.getByText(`Also shared here: the video in frames from ${named}.`).waitFor();
    await popup.getByRole("button", { name: "Reload page" }).waitFor();
    await screenshot(popup, "popup-embed-shared");
    await opened.driver.waitForPageScripts(`${player.origin.base}/*`);

    // After the reload the frame has the hook, and its video goes through the engine.
    await opened.page.reload();
    const hooked = await playerFrame(opened.page);
    expect(await fetchSource(hooked)).not.toContain("[native code]");
    await warmEngine(hooked);
    expectIntactPlayback("shared", await play(hooked), stream.segments, hlsFatal);
    const stats = await statsOf(opened, (tab) => tab.httpBytes > 0);
    expect(stats.sites).toEqual([player.origin.base]);
    await popup
      .getByText(`The video is from ${host}, in a frame.`, { exact: false })
      .waitFor({ timeout: WAIT_MS });
    await screenshot(popup, "popup-embed-sharing");
  }, 240_000);

  it("is shared between two viewers of the site, intact", async () => {
    const first = await viewer({ embeds: embeds() });
    const firstFrame = await playerFrame(first.page);
    await warmEngine(firstFrame);
    const seeded = await play(firstFrame);
    const before = segmentHits();
    const second = await viewer({ embeds: embeds() });
    const secondFrame = await playerFrame(second.page);
    await warmEngine(secondFrame);
    // In real time, so its engine has the time to connect to the first viewer.
    const watched = await play(secondFrame, true);
    const fromOrigin = segmentHits() - before;
    const stats = await Promise.all([statsOf(first), statsOf(second, (tab) => tab.p2pBytes > 0)]);
    console.log(
      `embedded player: viewer 2 took ${String(fromOrigin)} of ${String(stream.segments.length)} segments whole from the origin\n${describeStats(stats)}`,
    );
    expectIntactPlayback("first", seeded, stream.segments, hlsFatal);
    expectIntactPlayback("second", watched, stream.segments, hlsFatal);
    expect(stats[1].sites).toEqual([player.origin.base]);
    expect(stats[1].p2pBytes).toBeGreaterThan(0);
    expect(fromOrigin).toBeLessThan(stream.segments.length);
  }, 300_000);

  it("gets nothing from the engine outside the site that embeds it", async () => {
    // The viewer shares the player's video on the news site only; the player's page opened by
    // itself has the hook (registrations match by the frame's own URL) and is refused.
    const opened = await viewer({ embeds: embeds() });
    const page = await opened.browser.context.newPage();
    await page.goto(`${player.origin.base}/players.html`);
    const reply = await page.evaluate(
      (tag) =>
        new Promise((resolve) => {
          window.addEventListener("message", (event: MessageEvent) => {
            const data = event.data as { tag?: string; id?: number; reply?: unknown } | null;
            if (data?.tag === tag && data.id === 7 && data.reply !== undefined) {
              resolve(data.reply);
            }
          });
          const message = { type: "relay/load", swarmId: "mine", segments: [] };
          window.postMessage({ tag, direction: "to-relay", id: 7, message }, "*");
        }),
      ENVELOPE_TAG,
    );
    expect(reply).toEqual({ ok: false, error: "site-not-enabled" });
    const before = segmentHits();
    const result = await page.evaluate(
      (url) => window.__players.hls(url, false, 120_000),
      streamUrl(),
    );
    expectIntactPlayback("alone", result, stream.segments, hlsFatal);
    expect(segmentHits() - before).toBe(stream.segments.length);
    expect((await opened.driver.state()).starts).toBe(0);
  }, 240_000);
});
