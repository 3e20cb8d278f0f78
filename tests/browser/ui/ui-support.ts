/**
 * What the UI tests share: the test build in Chromium (host permissions for the loopback test
 * hosts pre-granted, see scripts/make-test-build.ts), the extension's pages at a given size,
 * chrome.storage.local read and written through the service worker, and screenshots kept in
 * artifacts/screenshots/.
 */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Page, Worker } from "playwright-core";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";

export const SCREENSHOT_DIR = resolve("artifacts/screenshots");

interface StorageInWorker {
  chrome: {
    storage: {
      local: {
        get(key: string): Promise<Record<string, unknown>>;
        set(items: Record<string, unknown>): Promise<void>;
        remove(key: string): Promise<void>;
      };
    };
  };
}

export function launchUi(): Promise<ExtensionBrowser> {
  return launchWithExtension(TEST_EXTENSION_DIR);
}

/** Opens an extension page (e.g. "popup.html") at the given viewport size. */
export async function openPage(
  browser: ExtensionBrowser,
  path: string,
  size: { width: number; height: number } = { width: 1000, height: 900 },
): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
  return page;
}

/**
 * Saves artifacts/screenshots/<name>.png: the whole page, only what the viewport shows, or the
 * top `height` px of it (the popup at its own height, as Chrome sizes it). The whole page is
 * taken with the viewport as tall as the page (then restored): a full-page capture of a short
 * viewport draws sticky bars (the options page's save bar) mid-page. Transitions are finished
 * first, so a switch is not caught halfway.
 */
export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true, height }: { fullPage?: boolean; height?: number } = {},
): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  const viewport = page.viewportSize();
  if (height !== undefined && viewport !== null) {
    const clip = { x: 0, y: 0, width: viewport.width, height: Math.min(height, viewport.height) };
    await page.screenshot({ path, animations: "disabled", clip });
    return;
  }
  if (!fullPage || viewport === null) {
    await page.screenshot({ path, animations: "disabled" });
    return;
  }
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({
    width: viewport.width,
    height: Math.max(pageHeight, viewport.height),
  });
  try {
    await page.screenshot({ path, animations: "disabled" });
  } finally {
    await page.setViewportSize(viewport);
    await page.evaluate(({ x, y }) => {
      window.scrollTo(x, y);
    }, scroll);
  }
}

export async function readStorage(worker: Worker, key: string): Promise<unknown> {
  return worker.evaluate(async (key) => {
    const self = globalThis as unknown as StorageInWorker;
    return (await self.chrome.storage.local.get(key))[key];
  }, key);
}

export async function writeStorage(worker: Worker, items: Record<string, unknown>): Promise<void> {
  await worker.evaluate(async (items) => {
    await (globalThis as unknown as StorageInWorker).chrome.storage.local.set(items);
  }, items);
}

export async function removeStorage(worker: Worker, key: string): Promise<void> {
  await worker.evaluate(async (key) => {
    await (globalThis as unknown as StorageInWorker).chrome.storage.local.remove(key);
  }, key);
}

/** Sends a ui/* message from an extension page, as the popup and options pages do. */
export function sendFromPage(page: Page, message: unknown): Promise<unknown> {
  return page.evaluate(
    (message) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
        }
      ).chrome.runtime.sendMessage(message),
    message,
  );
}
