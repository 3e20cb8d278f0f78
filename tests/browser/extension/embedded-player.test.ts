/**
 * A player embedded from another origin (a video platform's player page in an iframe of a news
 * site, support/embedded-site.ts), end to end with the built extension, hls.js in the frame, a
 * local tracker and real WebRTC: with only the news site on, the frame is left alone and the
 * popup offers its origin by name; one click shares it (the host permission, then the reload);
 * two viewers then share the frame's video, intact; and the player's origin alone, outside the
 * site that embeds it, gets nothing from the engine.
 */
import type { Frame, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { ENVELOPE_TAG } from "../../../hook/relay-envelope";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
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
import {
  describeStats,
  expectIntactPlayback,
  openViewer,
  waitForStats,
  warmEngine,
} from "../support/extension-viewers";
import { waitFor } from "../support/wait-for";
import { openPage, readStorage, screenshot } from "../ui/ui-support";

/** How long a state change may take on a loaded 2-core machine (waits poll: a pass is fast). */
const WAIT_MS = 60_000;
const POPUP_SIZE = { width: 392, height: 600 };

/** hls.js reports stalls as non-fatal errors (type:details:fatal:message). */
const hlsFatal = (error: string) => error.split(":")[2] !== "false";

describe("a player embedded from another origin (Chromium)", () => {
  let site: EmbeddedSite;
  let browsers: ExtensionBrowser[] = [];

  beforeAll(async () => {
    site = await startEmbeddedSite();
  });

  afterEach(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    browsers = [];
  });

  afterAll(async () => {
    await site.close();
  });

  const viewer = (options: { embeds?: Record<string, string[]> } = {}) =>
    openViewer(
      { origin: site.news, tracker: site.player.tracker, path: ARTICLE_PATH, ...options },
      browsers,
    );

  const playerFrame = (page: Page) => playerFrameOf(() => page.frames(), site, WAIT_MS);

  const play = (frame: Frame, realTime = false) =>
    frame.evaluate(playInPage, { url: site.streamUrl, realTime });
  const expectIntact = (label: string, result: Awaited<ReturnType<typeof play>>) => {
    expectIntactPlayback(label, result, site.stream.segments, hlsFatal);
  };

  it("is left alone with only the site on; the popup names it, and one click shares it", async () => {
    const opened = await viewer();
    const frame = await playerFrame(opened.page);
    // The frame's page keeps the browser's own fetch: no hook in it.
    expect(await frame.evaluate(isHookedInPage)).toBe(false);
    const before = site.wholeSegmentsServed();
    expectIntact("not shared", await play(frame));
    expect(site.wholeSegmentsServed() - before).toBe(site.stream.segments.length);
    expect((await opened.driver.state()).starts).toBe(0);

    // The popup names the player's origin (the 1x1 frame of the same origin is no player),
    // with its scheme: an http origin is not to be taken for the https one.
    const popup = await openPage(
      opened.browser,
      `popup.html?tabId=${String(opened.tabId)}`,
      POPUP_SIZE,
    );
    const named = site.player.origin.base;
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
        JSON.stringify(site.embeds),
      WAIT_MS,
      "the embed to be stored",
    );
    await popup.getByText(`Also shared here: the video in frames from ${named}.`).waitFor();
    await popup.getByRole("button", { name: "Reload page" }).waitFor();
    await screenshot(popup, "popup-embed-shared");
    await opened.driver.waitForPageScripts(`${named}/*`);

    // After the reload the frame has the hook, and its video goes through the engine.
    await opened.page.reload();
    const hooked = await playerFrame(opened.page);
    expect(await hooked.evaluate(isHookedInPage)).toBe(true);
    await warmEngine(hooked);
    expectIntact("shared", await play(hooked));
    const stats = await waitForStats(opened, (tab) => tab.httpBytes > 0);
    expect(stats.sites).toEqual([named]);
    await popup
      .getByText(`The video is from ${new URL(named).host}, in a frame.`, { exact: false })
      .waitFor({ timeout: WAIT_MS });
    await screenshot(popup, "popup-embed-sharing");
  }, 240_000);

  it("is shared between two viewers of the site, intact", async () => {
    const first = await viewer({ embeds: site.embeds });
    const firstFrame = await playerFrame(first.page);
    await warmEngine(firstFrame);
    const seeded = await play(firstFrame);
    const before = site.wholeSegmentsServed();
    const second = await viewer({ embeds: site.embeds });
    const secondFrame = await playerFrame(second.page);
    await warmEngine(secondFrame);
    // In real time, so its engine has the time to connect to the first viewer.
    const watched = await play(secondFrame, true);
    const fromOrigin = site.wholeSegmentsServed() - before;
    const stats = await Promise.all([
      waitForStats(first),
      waitForStats(second, (tab) => tab.p2pBytes > 0),
    ]);
    console.log(
      `embedded player: viewer 2 took ${String(fromOrigin)} of ${String(site.stream.segments.length)} segments whole from the origin\n${describeStats(stats)}`,
    );
    expectIntact("first", seeded);
    expectIntact("second", watched);
    expect(stats[1].sites).toEqual([site.player.origin.base]);
    expect(stats[1].p2pBytes).toBeGreaterThan(0);
    expect(fromOrigin).toBeLessThan(site.stream.segments.length);
  }, 300_000);

  it("gets nothing from the engine outside the site that embeds it", async () => {
    // The viewer shares the player's video on the news site only; the player's page opened by
    // itself has the hook (registrations match by the frame's own URL) and is refused.
    const opened = await viewer({ embeds: site.embeds });
    const page = await opened.browser.context.newPage();
    await page.goto(site.playerPageUrl);
    expect(await page.evaluate(probeRelayInPage, { tag: ENVELOPE_TAG, id: PROBE_ID })).toEqual({
      ok: false,
      error: "site-not-enabled",
    });
    const before = site.wholeSegmentsServed();
    expectIntact(
      "alone",
      await page.evaluate(playInPage, { url: site.streamUrl, realTime: false }),
    );
    expect(site.wholeSegmentsServed() - before).toBe(site.stream.segments.length);
    expect((await opened.driver.state()).starts).toBe(0);
  }, 240_000);
});
