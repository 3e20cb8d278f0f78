/**
 * The options page's viewer settings against the real engine in Chromium: the cache it shows is
 * the engine's (segments the engine really fetched for a tab), "Clear cache" empties it, and a
 * saved upload limit and cache size reach the running engine. Where the browser tells of metered
 * connections (Chromium does), the pause is offered without the "not available" note.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CacheUsage } from "../../../core/storage/segments-storage";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
import { formatBytes } from "../../../ui/format";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { PageFrame } from "../../../harness/browser/page-frame";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";
import { waitFor } from "../support/wait-for";
import { launchUi, openPage, readStorage, screenshot, sendFromPage } from "./ui-support";

describe("options: the viewer's settings reach the engine", () => {
  let fixture: StreamFixture;
  let browser: ExtensionBrowser;
  let driver: ExtensionDriver;
  let pageServer: Server;
  let site: string;
  let options: Page;
  let player: PageFrame;

  const field = (name: string) => options.locator(`[data-setting="${name}"]`);
  const input = (name: string) => field(name).locator("input").first();
  /** The engine's own answer (through the background), not what the page shows. */
  const engineCache = async (): Promise<CacheUsage> =>
    ((await sendFromPage(options, { type: "ui/get-cache" })) as { cache: CacheUsage }).cache;
  const shownCache = () => options.locator("[data-cache-usage]").innerText();
  const usageText = (usage: CacheUsage) =>
    `${formatBytes(usage.bytes)} (${String(usage.segments)} segment${usage.segments === 1 ? "" : "s"})`;

  beforeAll(async () => {
    fixture = await startStreamFixture({ seconds: 8 });
    browser = await launchUi();
    driver = new ExtensionDriver(browser.worker);
    pageServer = createServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><p>player</p>");
    });
    await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
    site = `http://127.0.0.1:${String((pageServer.address() as AddressInfo).port)}`;
    await driver.preset(fixture.settings, [site]);
    await driver.waitForPageScripts(`${site}/*`);
    const sitePage = await browser.context.newPage();
    await sitePage.goto(`${site}/player.html`);
    const tabId = await driver.tabIdOf(`${site}/player.html`);
    // The engine fetches the stream for the tab through the tab's page, and caches it.
    player = PageFrame.of(sitePage);
    const reply = await player.relay({
      type: "relay/load",
      swarmId: "viewer-settings",
      segments: fixture.queue,
    });
    expect(reply).toMatchObject({ ok: true });
    await waitFor(
      async () => ((await driver.stats(tabId))?.httpBytes ?? 0) > 0,
      20_000,
      "HTTP bytes in the tab's stats",
    );
    options = await openPage(browser, "options.html", { width: 1000, height: 900 });
    await input("cacheMaxBytes").waitFor();
  });

  afterAll(async () => {
    await browser.close();
    await fixture.close();
    await new Promise((resolve) => pageServer.close(resolve));
  });

  it("shows the engine's cache and empties it with Clear cache", async () => {
    let before: CacheUsage = { segments: 0, bytes: 0 };
    await waitFor(
      async () => {
        before = await engineCache();
        return before.segments > 0;
      },
      20_000,
      "segments in the engine's cache",
    );
    // The page read it when it opened; a reload reads it again now that the segments are in.
    await options.reload();
    await expect.poll(shownCache, { timeout: 20_000 }).toBe(usageText(await engineCache()));
    expect((await engineCache()).bytes).toBeGreaterThan(0);
    await screenshot(options, "options-cache", { fullPage: false });
    // The player's queue emptied first: Clear cache has the engine fetch again what is still
    // queued (a player waiting for it), which would refill the cache as this test reads it.
    expect(
      await player.relay({ type: "relay/load", swarmId: "viewer-settings", segments: [] }),
    ).toMatchObject({ ok: true });

    await options.getByRole("button", { name: "Clear cache" }).click();
    await options.getByText("Cache cleared.").waitFor();
    expect(await engineCache()).toEqual({ segments: 0, bytes: 0 });
    expect(await shownCache()).toBe(usageText({ segments: 0, bytes: 0 }));
    await screenshot(options, "options-cache-cleared", { fullPage: false });
  });

  it("a saved upload limit and cache size reach the running engine", async () => {
    const status = async () => {
      const reply = await driver.engineStatus();
      if (!reply.ok) throw new Error(reply.error);
      return reply;
    };
    expect((await status()).uploadCap).toBe(0);
    await input("p2pMaxUploadSpeed").fill("1");
    await input("cacheMaxBytes").fill("300");
    await options.getByRole("button", { name: "Save", exact: true }).click();
    await options.getByText("Saved.").waitFor();
    expect(await readStorage(browser.worker, STORAGE_KEYS.settings)).toMatchObject({
      p2pMaxUploadSpeed: 125_000,
      cacheMaxBytes: 300_000_000,
    });
    // 1 Mbit/s is 125,000 bytes/s in the engine's upload budget, at once.
    await expect.poll(async () => (await status()).uploadCap, { timeout: 30_000 }).toBe(125_000);
    expect((await status()).uploadsPaused).toBe(false);
  });

  it("offers the pause on metered connections, saying what desktop Chrome tells", async () => {
    expect(await input("pauseUploadsOnMetered").isChecked()).toBe(true);
    expect(await options.locator('[data-unavailable="pauseUploadsOnMetered"]').count()).toBe(0);
    // Chromium on Linux has navigator.connection but no connection type: only data saver.
    const reported = await options.evaluate(() => {
      const connection = (navigator as { connection?: object }).connection;
      return connection === undefined ? "none" : "type" in connection ? "type" : "save-data";
    });
    expect(reported).toBe("save-data");
    await options.locator('[data-limited="pauseUploadsOnMetered"]').waitFor({ timeout: 30_000 });
    // Download only greys out what only concerns uploads.
    await input("consumeOnly").check();
    expect(await input("p2pMaxUploadSpeed").isDisabled()).toBe(true);
    expect(await input("pauseUploadsOnMetered").isDisabled()).toBe(true);
    await input("consumeOnly").uncheck();
  });
});
