/**
 * The Firefox package's pages in real firefox-esr: the first-run page, the options page and the
 * popup, driven by real clicks. Firefox lets no test tool navigate to a moz-extension:// page,
 * but the extension opens its first-run page itself when it is installed (consent not preset),
 * and puppeteer sees that tab as a page it can evaluate in, click in and capture; from there the
 * page itself moves on to options.html and popup.html (?tabId= points the popup at a real tab,
 * as the Chrome UI tests do, since headless tests cannot click the toolbar button).
 *
 * The viewer under test has the store package's host permissions (none): switching a site on in
 * the popup asks Firefox for it with permissions.request from the click, and the page hook then
 * runs on that site after a reload, without a reinstall. Firefox's permission prompt is answered
 * "allow" by its own automation pref (extensions.webextOptionalPermissionPrompts: false); the
 * request still goes through Firefox's checks (user input, optional_host_permissions, the
 * pattern). A second Firefox viewer (test build, preset) plays the stream first, so the popup's
 * stats for the tab under test, while it plays, show bytes from a peer: they must equal what the
 * engine counted for that tab (the background's ui/get-stats answer, which Firefox's test build
 * cannot reach otherwise: no test tool gets into the event page).
 */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchFirefoxWithExtension,
  pageIsHooked,
  type FirefoxWithExtension,
} from "../../../harness/browser/firefox";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import type { LocalTracker } from "../../../harness/tracker";
import type { TabStats } from "../../../messaging/engine-to-background";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
import { expectIntactPlayback, originBytes } from "../support/extension-viewers";
import { openFirefoxViewer } from "../support/firefox-viewers";
import type { PlayResult } from "../support/intercept-players";
import type { Origin } from "../support/intercept-server";
import { SHORT_VOD, startPlayersSite } from "../support/players-origin";
import { expectedTiles } from "../support/popup-tiles";
import { waitFor } from "../support/wait-for";

const SCREENSHOT_DIR = resolve("artifacts/screenshots");
/** The popup's size in the Chrome tests (392 px wide, at most 600 px tall); Firefox's is alike. */
const POPUP_SIZE = { width: 392, height: 600 };
const PAGE_SIZE = { width: 1000, height: 900 };

/** What an extension page of this add-on can call (Firefox's own `browser` namespace). */
interface ExtensionApi {
  browser: {
    storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
    tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
    permissions: { getAll(): Promise<{ origins?: string[] }> };
    runtime: { sendMessage(message: unknown): Promise<unknown> };
  };
}

/** The tab of this browser that shows one of the extension's pages (the first-run page). */
async function extensionPage(firefox: FirefoxWithExtension): Promise<Page> {
  for (let attempt = 0; attempt < 100; attempt++) {
    for (const page of await firefox.browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => "");
      if (href.startsWith("moz-extension://")) return page;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error("the extension opened none of its pages");
}

/** Moves an extension page to another of the extension's pages (the page navigates itself). */
async function goTo(page: Page, path: string, ready: string): Promise<void> {
  await page.evaluate((path) => {
    location.assign(path);
  }, `/${path}`);
  await waitFor(
    () =>
      page
        .evaluate(
          (path, ready) =>
            location.href.endsWith(path) &&
            document.readyState === "complete" &&
            document.querySelector(ready) !== null,
          `/${path}`,
          ready,
        )
        // Evaluating while the page navigates away may fail: it is not there yet.
        .catch(() => false),
    30_000,
    `${path} to render ${ready}`,
  );
}

const stored = (page: Page, key: string): Promise<unknown> =>
  page.evaluate(
    async (key) =>
      (await (globalThis as unknown as ExtensionApi).browser.storage.local.get(key))[key],
    key,
  );

const grantedOrigins = async (page: Page): Promise<string[]> =>
  (await page.evaluate(() => (globalThis as unknown as ExtensionApi).browser.permissions.getAll()))
    .origins ?? [];

/** Clicks the button whose text is `text` (a real click through WebDriver BiDi input). */
async function clickButton(page: Page, text: string): Promise<void> {
  // A button's text, not any text that mentions it ("Saved with Save: ...").
  const button = await page.waitForSelector(`button::-p-text(${text})`, { timeout: 30_000 });
  if (button === null) throw new Error(`no button ${text}`);
  await button.click();
}

/** Saves artifacts/screenshots/firefox-<name>.png; `height`: only the top of the page. */
async function screenshot(page: Page, name: string, height?: number): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `firefox-${name}.png`) as `${string}.png`;
  if (height === undefined) {
    // The viewport as tall as the page (then restored): a full-page capture of a short viewport
    // draws sticky bars (the options page's save bar) mid-page.
    const viewport = page.viewport() ?? PAGE_SIZE;
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewport({ ...viewport, height: Math.max(pageHeight, viewport.height) });
    try {
      await page.screenshot({ path });
    } finally {
      await page.setViewport(viewport);
    }
    return;
  }
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  await page.screenshot({ path, clip: { x: 0, y: 0, width, height } });
}

/** The popup's stat tiles as shown (data-stat -> text). */
const shownStats = (popup: Page): Promise<Record<string, string>> =>
  popup.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("[data-stat]")].map((cell) => [
        cell.getAttribute("data-stat") ?? "",
        cell.querySelector("dd")?.textContent ?? "",
      ]),
    ),
  );

describe("Firefox: first run, options and popup", () => {
  let stream: HlsStream;
  let origin: Origin;
  let tracker: LocalTracker;
  const browsers: FirefoxWithExtension[] = [];
  /** The viewer under test: store host permissions, no consent yet. */
  let firefox: FirefoxWithExtension;
  /** Its extension tab: the first-run page, then options.html, then popup.html?tabId=. */
  let ui: Page;
  /** Its tab of the site (the origin's player page). */
  let sitePage: Page;
  let siteTabId: number;

  beforeAll(async () => {
    stream = await makeHlsVod(SHORT_VOD);
    ({ origin, tracker } = await startPlayersSite({ media: stream.dir }));
    firefox = await launchFirefoxWithExtension(
      {
        settings: { trackerAnnounce: [tracker.url], rtcConfig: { iceServers: [] } },
        enabledSites: [],
      },
      {
        consent: false,
        storeHostPermissions: true,
        prefs: { "extensions.webextOptionalPermissionPrompts": false },
      },
    );
    browsers.push(firefox);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await origin.close();
    await tracker.close();
  });

  it("opens the first-run page on install; accepting stores the consent", async () => {
    ui = await extensionPage(firefox);
    await ui.setViewport(PAGE_SIZE);
    await ui.waitForSelector("::-p-text(Accept and start sharing)", { timeout: 30_000 });
    expect(await stored(ui, STORAGE_KEYS.consent)).toBeUndefined();
    await screenshot(ui, "welcome");
    await clickButton(ui, "Accept and start sharing");
    await waitFor(
      async () => (await stored(ui, STORAGE_KEYS.consent)) !== undefined,
      30_000,
      "the consent to be stored",
    );
    expect(await stored(ui, STORAGE_KEYS.consent)).toMatchObject({
      acceptedAt: expect.any(Number) as number,
    });
    expect(await stored(ui, STORAGE_KEYS.mode)).toBe("per-site");
    await ui.waitForSelector("::-p-text(Open settings)", { timeout: 30_000 });
    await screenshot(ui, "welcome-accepted");
  }, 120_000);

  it("the options page renders and saves a setting", async () => {
    await goTo(ui, "options.html", '[data-setting="cacheMaxBytes"] input');
    await screenshot(ui, "options");
    await screenshot(ui, "options-top", PAGE_SIZE.height);
    // Firefox does not tell extensions about metered connections: the page says so.
    await ui.waitForSelector('[data-unavailable="pauseUploadsOnMetered"]', { timeout: 30_000 });
    const input = '[data-setting="cacheMaxBytes"] input';
    // A number input: its text is emptied with the keyboard (a triple click does not select it).
    await ui.click(input);
    await ui.keyboard.down("Control");
    await ui.keyboard.press("a");
    await ui.keyboard.up("Control");
    await ui.keyboard.press("Backspace");
    await ui.type(input, "777");
    await clickButton(ui, "Save");
    // 777 MB, stored in the core's bytes.
    await waitFor(
      async () =>
        ((await stored(ui, STORAGE_KEYS.settings)) as { cacheMaxBytes?: number } | undefined)
          ?.cacheMaxBytes === 777_000_000,
      30_000,
      "the setting to be stored",
    ).catch(async (error: unknown) => {
      const seen = await ui.evaluate(
        (selector) => ({
          value: document.querySelector<HTMLInputElement>(selector)?.value,
          status: document.querySelector(".save-status")?.textContent,
          alerts: [...document.querySelectorAll('[role="alert"]')].map((a) => a.textContent),
        }),
        input,
      );
      throw new Error(`${String(error)}: ${JSON.stringify(seen)}`);
    });
    // The rest of the settings (the preset's tracker) are kept.
    expect(await stored(ui, STORAGE_KEYS.settings)).toMatchObject({
      trackerAnnounce: [tracker.url],
    });
    await ui.waitForSelector("::-p-text(Saved.)", { timeout: 30_000 });
  }, 120_000);

  it("switching a site on in the popup grants it the Firefox way; the hook runs after a reload", async () => {
    sitePage = await firefox.browser.newPage();
    const url = `${origin.base}/players.html`;
    await sitePage.goto(url);
    expect(await pageIsHooked(sitePage)).toBe(false);
    const tabs = await ui.evaluate(() =>
      (globalThis as unknown as ExtensionApi).browser.tabs.query({}),
    );
    const tab = tabs.find((candidate) => candidate.url === url);
    if (tab?.id === undefined) throw new Error(`no tab for ${url}: ${JSON.stringify(tabs)}`);
    siteTabId = tab.id;
    const before = await grantedOrigins(ui);

    await ui.setViewport(POPUP_SIZE);
    await goTo(ui, `popup.html?tabId=${String(siteTabId)}`, '[role="switch"]');
    const host = new URL(origin.base).host;
    await ui.waitForSelector(`::-p-text(${host})`, { timeout: 30_000 });
    await screenshot(ui, "popup-site-off", await contentHeight(ui));
    const siteSwitch = await ui.waitForSelector('.site input[role="switch"]', {
      timeout: 30_000,
    });
    if (siteSwitch === null) throw new Error("no site switch");
    await siteSwitch.click();
    await waitFor(
      async () =>
        JSON.stringify(await stored(ui, STORAGE_KEYS.enabledSites)) ===
        JSON.stringify([origin.base]),
      30_000,
      "the site to be stored",
    );
    const after = await grantedOrigins(ui);
    console.log(
      `firefox popup: origins granted before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
    );
    expect(after.length).toBeGreaterThan(before.length);
    await ui.waitForSelector("::-p-text(Reload page)", { timeout: 30_000 });
    await screenshot(ui, "popup-site-on", await contentHeight(ui));

    // The page hook runs on the site after a reload (no reinstall, no browser restart).
    let reloads = 0;
    await waitFor(
      async () => {
        reloads += 1;
        await sitePage.reload();
        return pageIsHooked(sitePage);
      },
      60_000,
      "the page hook in the reloaded site",
    );
    console.log(`firefox popup: the hook ran after ${String(reloads)} reload(s)`);
  }, 180_000);

  it("the popup's stats equal the engine's counters for the tab while a video plays", async () => {
    const manifest = `${origin.base}/streams/media/index.m3u8`;
    // A first viewer (test build, preset) plays the whole stream, from the origin.
    const seeder = await openFirefoxViewer({ origin, tracker, path: "/players.html" }, browsers);
    const seeded: PlayResult = await seeder.evaluate(
      (manifest) => window.__players.hls(manifest, false, 90_000),
      manifest,
    );
    expectIntactPlayback("seeder", seeded, stream.segments, fatal);

    const since = Date.now();
    await sitePage.evaluate(() => {
      window.__players.setPlaybackRate(1);
    });
    const playing = sitePage.evaluate(
      (manifest) => window.__players.hls(manifest, false, 90_000),
      manifest,
    );
    const getStats = async (): Promise<TabStats | undefined> =>
      (
        (await ui.evaluate(
          (tabId) =>
            (globalThis as unknown as ExtensionApi).browser.runtime.sendMessage({
              type: "ui/get-stats",
              tabId,
            }),
          siteTabId,
        )) as { stats?: TabStats }
      ).stats;
    // While it plays: the popup shows what the engine counted, with bytes from the peer.
    let last = "";
    let matched: TabStats | undefined;
    await waitFor(
      async () => {
        const stats = await getStats();
        if (stats === undefined || stats.p2pBytes === 0) return false;
        const want = expectedTiles(stats);
        const got = await shownStats(ui);
        last = JSON.stringify({ want, got });
        if (JSON.stringify(got) !== JSON.stringify(want)) return false;
        matched = stats;
        return true;
      },
      60_000,
      "the popup to show the engine's counters with bytes from peers",
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${last}`);
    });
    await screenshot(ui, "popup-stats", await contentHeight(ui));
    const result = await playing;
    expectIntactPlayback("viewer", result, stream.segments, fatal);

    // After the end the counters stay, shown as counted. What the origin served this tab is the
    // engine's HTTP bytes plus the segments the page fetched itself (before the engine ran, or a
    // hook deadline that ran out: the engine is handed a copy and does not count them), so the
    // engine's HTTP bytes are at most that, and with the peer's bytes they cover the stream.
    await waitFor(
      async () => {
        const stats = await getStats();
        if (stats === undefined) return false;
        last = JSON.stringify({ want: expectedTiles(stats), got: await shownStats(ui), stats });
        return JSON.stringify(await shownStats(ui)) === JSON.stringify(expectedTiles(stats));
      },
      30_000,
      "the popup to show the final counters",
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${last}`);
    });
    const final = await getStats();
    if (final === undefined) throw new Error("no stats for the tab");
    const streamBytes = stream.segments.reduce((sum, file) => sum + file.bytes, 0);
    const served = originBytes(origin, "/streams/media/", stream.segments, undefined, since);
    console.log(
      `firefox popup stats: while playing ${JSON.stringify(matched)}; at the end ` +
        `${JSON.stringify(final)}; the origin served the tab ${String(served)} bytes of the ` +
        `${String(streamBytes)}-byte stream`,
    );
    expect(final.p2pBytes).toBeGreaterThan(0);
    expect(final.httpBytes).toBeLessThanOrEqual(served);
    expect(final.p2pBytes + served).toBeGreaterThanOrEqual(streamBytes);
    await screenshot(ui, "popup-stats-end", await contentHeight(ui));
  }, 300_000);
});

/** hls.js errors it reports as fatal ("type:details:fatal:..."). */
const fatal = (error: string): boolean => error.split(":")[2] !== "false";

/** The popup's content height (what the browser would size its panel to), at most 600 px. */
const contentHeight = (popup: Page): Promise<number> =>
  popup.evaluate(() => Math.min(600, Math.ceil(document.body.getBoundingClientRect().height)));
