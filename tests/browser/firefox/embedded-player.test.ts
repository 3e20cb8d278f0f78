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
import { ENVELOPE_TAG } from "../../../hook/relay-envelope";
import {
  ARTICLE_PATH,
  isHookedInPage,
  playerFrameOf,
  playInPage,
  PROBE_ID,
  probeRelayInPage,
  startEmbeddedSite,
  type EmbeddedSite,
} from "../support/embedded-site";
import { expectIntactPlayback } from "../support/extension-viewers";
import { openFirefoxViewer, warmFirefoxEngine } from "../support/firefox-viewers";
import type { PlayResult } from "../support/intercept-players";

/** How long a state change may take on a loaded 2-core machine (waits poll: a pass is fast). */
const WAIT_MS = 60_000;

/** hls.js reports stalls as non-fatal errors (type:details:fatal:message). */
const hlsFatal = (error: string) => error.split(":")[2] !== "false";

describe("Firefox: a player embedded from another origin", () => {
  let site: EmbeddedSite;
  let browsers: FirefoxWithExtension[] = [];

  beforeAll(async () => {
    site = await startEmbeddedSite();
  }, 120_000);

  afterEach(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    browsers = [];
  });

  afterAll(async () => {
    await site.close();
  });

  /** A fresh Firefox with the article open once the extension's hook runs in its top page. */
  const viewer = (options: { embeds?: Record<string, string[]> } = {}) =>
    openFirefoxViewer(
      { origin: site.news, tracker: site.player.tracker, path: ARTICLE_PATH, ...options },
      browsers,
    );

  const playerFrame = (page: Page) => playerFrameOf(() => page.frames(), site, WAIT_MS);

  const play = (frame: Frame, realTime = false): Promise<PlayResult> =>
    frame.evaluate(playInPage, { url: site.streamUrl, realTime });
  const probeRelay = (target: Page | Frame) =>
    target.evaluate(probeRelayInPage, { tag: ENVELOPE_TAG, id: PROBE_ID });
  const expectIntact = (label: string, result: PlayResult) => {
    expectIntactPlayback(label, result, site.stream.segments, hlsFatal);
  };

  /** From now on the frame's relay is told every 5 s that the engine is wanted (relay/warm-up). */
  const keepAwake = (frame: Frame): Promise<void> =>
    frame.evaluate((tag) => {
      setInterval(() => {
        const message = { type: "relay/warm-up" };
        window.postMessage({ tag, direction: "to-relay", id: 0, message }, "*");
      }, 5000);
    }, ENVELOPE_TAG);

  it("is refused with only the news site on: its video comes from the origin", async () => {
    const page = await viewer();
    const frame = await playerFrame(page);
    // One port-less pattern for 127.0.0.1: the hook runs in the frame, and the relay is refused.
    expect(await frame.evaluate(isHookedInPage)).toBe(true);
    expect(await probeRelay(frame)).toEqual({ ok: false, error: "site-not-enabled" });
    const before = site.wholeSegmentsServed();
    expectIntact("not shared", await play(frame));
    expect(site.wholeSegmentsServed() - before).toBe(site.stream.segments.length);
  }, 300_000);

  it("is shared between two viewers of the news site, intact", async () => {
    const first = await viewer({ embeds: site.embeds });
    const firstFrame = await playerFrame(first);
    await warmFirefoxEngine(firstFrame, WAIT_MS);
    const seeded = await play(firstFrame);
    // The first viewer's video has ended: its page would let Firefox suspend the event page
    // (engine and peers) after about 30 s, which a slow start of the second Firefox can exceed.
    // Its frame tells the engine it is wanted, as the hook does for a page that plays on.
    await keepAwake(firstFrame);
    const before = site.wholeSegmentsServed();
    const second = await viewer({ embeds: site.embeds });
    const secondFrame = await playerFrame(second);
    await warmFirefoxEngine(secondFrame, WAIT_MS);
    // In real time, so its engine has the time to connect to the first viewer.
    const watched = await play(secondFrame, true);
    const fromOrigin = site.wholeSegmentsServed() - before;
    console.log(
      `firefox embedded player: viewer 2 took ${String(fromOrigin)} of ${String(site.stream.segments.length)} segments whole from the origin; errors ${[seeded, watched].map((r) => r.errors.join(" | ")).join(" / ")}`,
    );
    expectIntact("first", seeded);
    expectIntact("second", watched);
    expect(fromOrigin).toBeLessThan(site.stream.segments.length);
  }, 300_000);

  it("is refused outside the site that embeds it", async () => {
    // Shared on the news site only: the player's page opened by itself has the hook (the
    // registration matches the frame's own URL) and its relay is refused.
    const article = await viewer({ embeds: site.embeds });
    const firefox = browsers.at(-1);
    if (!firefox) throw new Error("no browser");
    expect(await probeRelay(await playerFrame(article))).toMatchObject({ ok: true });
    const page = await firefox.browser.newPage();
    await page.goto(site.playerPageUrl);
    expect(await probeRelay(page)).toEqual({ ok: false, error: "site-not-enabled" });
  }, 300_000);
});
