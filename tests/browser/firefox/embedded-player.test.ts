/**
 * A player embedded from another origin (a video platform's player page in an iframe of a news
 * site) in Firefox: firefox-esr with the Firefox test build preset (harness/browser/firefox.ts),
 * hls.js in the frame, a local tracker and real WebRTC between two event pages. With only the
 * news site on, the frame's relay is refused and its video comes from the origin; with the
 * player's origin shared on the news site (STORAGE_KEYS.embeds), two viewers share the frame's
 * video, intact, and the second takes segments from the first; the player's page opened by
 * itself is refused. Firefox's match patterns have no port, so the hook runs in the frame in
 * every case (one pattern, http://127.0.0.1/*): what decides is the background's allowsFrame,
 * from the frame's origin and the tab's top page (sender.tab.url).
 */
import type { Frame, Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FirefoxWithExtension } from "../../../harness/browser/firefox";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import { ENVELOPE_TAG } from "../../../hook/relay-envelope";
import type { Embeds } from "../../../messaging/stored-settings";
import { expectIntactPlayback } from "../support/extension-viewers";
import { openFirefoxViewer, warmFirefoxEngine } from "../support/firefox-viewers";
import type { PlayResult } from "../support/intercept-players";
import { startOrigin, type Origin } from "../support/intercept-server";
import { startPlayersSite, type PlayersSite } from "../support/players-origin";
import { waitFor } from "../support/wait-for";

/** How long a state change may take on a loaded 2-core machine (waits poll: a pass is fast). */
const WAIT_MS = 60_000;

/** hls.js reports stalls as non-fatal errors (type:details:fatal:message). */
const hlsFatal = (error: string) => error.split(":")[2] !== "false";

/** What the relay answers a frame's request: the engine's reply, or why it was refused. */
type RelayProbeReply = { ok: true; type: string } | { ok: false; error: string };

describe("Firefox: a player embedded from another origin", () => {
  let stream: HlsStream;
  /** The video platform: its player page, its stream, the tracker. */
  let player: PlayersSite;
  /** The news site: a page with the player's page in an iframe. */
  let news: Origin;
  let browsers: FirefoxWithExtension[] = [];

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
        "/article.html": `<!doctype html><html><head><meta charset="utf-8"><title>News</title></head><body><h1>An article</h1><iframe src="${player.origin.base}/players.html" width="640" height="360" allow="autoplay; fullscreen"></iframe></body></html>`,
      },
    });
  }, 120_000);

  afterEach(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    browsers = [];
  });

  afterAll(async () => {
    await news.close();
    await player.close();
  });

  const streamUrl = () => `${player.origin.base}/streams/vod/index.m3u8`;
  const embeds = (): Embeds => ({ [news.base]: [player.origin.base] });
  /** A fresh Firefox with the article open once the extension's hook runs in its top page. */
  const viewer = (options: { embeds?: Embeds } = {}) =>
    openFirefoxViewer(
      { origin: news, tracker: player.tracker, path: "/article.html", ...options },
      browsers,
    );

  /** The article's player frame, once its player drivers are loaded. */
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
      (url, realTime) => {
        window.__players.setPlaybackRate(realTime ? 1 : 4);
        return window.__players.hls(url, false, 120_000, realTime ? 4 : undefined);
      },
      streamUrl(),
      realTime,
    );

  /** Asks the frame's relay for a swarm as the hook would, and returns its reply. */
  const probeRelay = (target: Page | Frame): Promise<RelayProbeReply> =>
    target.evaluate(
      (tag, id) =>
        new Promise<RelayProbeReply>((resolve) => {
          window.addEventListener("message", (event: MessageEvent) => {
            const data = event.data as {
              tag?: string;
              direction?: string;
              id?: number;
              reply?: RelayProbeReply;
            } | null;
            if (data?.tag === tag && data.direction === "to-hook" && data.id === id && data.reply)
              resolve(data.reply);
          });
          const message = { type: "relay/load", swarmId: "probe", segments: [] };
          window.postMessage({ tag, direction: "to-relay", id, message }, "*");
        }),
      ENVELOPE_TAG,
      // Far from the ids the hook numbers its own requests with.
      987_654_321,
    );

  /** From now on the frame's relay is told every 5 s that the engine is wanted (relay/warm-up). */
  const keepAwake = (frame: Frame): Promise<void> =>
    frame.evaluate((tag) => {
      setInterval(() => {
        const message = { type: "relay/warm-up" };
        window.postMessage({ tag, direction: "to-relay", id: 0, message }, "*");
      }, 5000);
    }, ENVELOPE_TAG);

  /** Whether the frame's fetch is the hook's wrapper (read through a fresh frame's toString). */
  const isHooked = (frame: Frame) =>
    frame.evaluate(() => {
      const probe = document.createElement("iframe");
      document.body.append(probe);
      const prototype = (probe.contentWindow as typeof window).Function.prototype;
      const toString: unknown = Reflect.get(prototype, "toString");
      const source = Reflect.apply(toString as () => string, Reflect.get(window, "fetch"), []);
      probe.remove();
      return !source.includes("[native code]");
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

  it("is refused with only the news site on: its video comes from the origin", async () => {
    const page = await viewer();
    const frame = await playerFrame(page);
    // One port-less pattern for 127.0.0.1: the hook runs in the frame, and the relay is refused.
    expect(await isHooked(frame)).toBe(true);
    expect(await probeRelay(frame)).toEqual({ ok: false, error: "site-not-enabled" });
    const before = segmentHits();
    expectIntactPlayback("not shared", await play(frame), stream.segments, hlsFatal);
    expect(segmentHits() - before).toBe(stream.segments.length);
  }, 300_000);

  it("is shared between two viewers of the news site, intact", async () => {
    const first = await viewer({ embeds: embeds() });
    const firstFrame = await playerFrame(first);
    await warmFirefoxEngine(firstFrame, WAIT_MS);
    const seeded = await play(firstFrame);
    // The first viewer's video has ended: its page would let Firefox suspend the event page
    // (engine and peers) after about 30 s, which a slow start of the second Firefox can exceed.
    // Its frame tells the engine it is wanted, as the hook does for a page that plays on.
    await keepAwake(firstFrame);
    const before = segmentHits();
    const second = await viewer({ embeds: embeds() });
    const secondFrame = await playerFrame(second);
    await warmFirefoxEngine(secondFrame, WAIT_MS);
    // In real time, so its engine has the time to connect to the first viewer.
    const watched = await play(secondFrame, true);
    const fromOrigin = segmentHits() - before;
    console.log(
      `firefox embedded player: viewer 2 took ${String(fromOrigin)} of ${String(stream.segments.length)} segments whole from the origin; errors ${[seeded, watched].map((r) => r.errors.join(" | ")).join(" / ")}`,
    );
    expectIntactPlayback("first", seeded, stream.segments, hlsFatal);
    expectIntactPlayback("second", watched, stream.segments, hlsFatal);
    expect(fromOrigin).toBeLessThan(stream.segments.length);
  }, 300_000);

  it("is refused outside the site that embeds it", async () => {
    // Shared on the news site only: the player's page opened by itself has the hook (the
    // registration matches the frame's own URL) and its relay is refused.
    const article = await viewer({ embeds: embeds() });
    const firefox = browsers.at(-1);
    if (!firefox) throw new Error("no browser");
    expect(await probeRelay(await playerFrame(article))).toMatchObject({ ok: true });
    const page = await firefox.browser.newPage();
    await page.goto(`${player.origin.base}/players.html`);
    expect(await probeRelay(page)).toEqual({ ok: false, error: "site-not-enabled" });
  }, 300_000);
});
