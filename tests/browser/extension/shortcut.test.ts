/**
 * The keyboard shortcut (manifest `commands`, "toggle-site") in Chromium with the test build: the
 * browser registers it with its suggested key, and the background's handler, run as a press of
 * it runs (through the test hooks: no test tool can press an extension shortcut in headless
 * Chromium), switches the current tab's site off, and on. Run from the test hook there is no user
 * gesture, so what switching on does here is the fallback: Chromium will not ask for a host
 * permission, and the handler opens the popup instead of changing anything. A real press is a
 * gesture (background/site-command.ts); that path is the unit tests' (site-command.test.ts).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackgroundTestHooks } from "../../../background/test-hooks";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";

type WorkerGlobal = typeof globalThis & {
  p2pvBackground: BackgroundTestHooks;
  chrome: {
    commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> };
    action: { getBadgeText(details: { tabId: number }): Promise<string> };
    storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  };
};

describe("the keyboard shortcut", () => {
  let browser: ExtensionBrowser;
  let driver: ExtensionDriver;
  let server: Server;
  let site: string;
  let page: Page;
  let tabId: number;

  const press = () =>
    browser.worker.evaluate(
      (id) => (globalThis as WorkerGlobal).p2pvBackground.siteCommand(id),
      tabId,
    );
  const enabledSites = () =>
    browser.worker.evaluate(
      async (key) => (await (globalThis as WorkerGlobal).chrome.storage.local.get(key))[key],
      STORAGE_KEYS.enabledSites,
    );

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><p>video</p>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    site = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    browser = await launchWithExtension(TEST_EXTENSION_DIR);
    driver = new ExtensionDriver(browser.worker);
    await driver.preset({}, [site]);
    page = await browser.context.newPage();
    await page.goto(`${site}/watch.html`);
    tabId = await driver.tabIdOf(`${site}/watch.html`);
  });

  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("is registered with its suggested key", async () => {
    const commands = await browser.worker.evaluate(() =>
      (globalThis as WorkerGlobal).chrome.commands.getAll(),
    );
    expect(commands.find((command) => command.name === "toggle-site")?.shortcut).toBe(
      "Alt+Shift+V",
    );
  });

  it("switches an enabled site off (no permission needed), with OFF on the button", async () => {
    expect(await press()).toBe("off");
    expect(await enabledSites()).toEqual([]);
    const badge = await browser.worker.evaluate(
      (id) => (globalThis as WorkerGlobal).chrome.action.getBadgeText({ tabId: id }),
      tabId,
    );
    expect(badge).toBe("OFF");
  });

  it("outside a gesture, switching on falls back to the popup and changes nothing", async () => {
    expect(await press()).toBe("popup");
    expect(await enabledSites()).toEqual([]);
  });
});
