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

/** Saves artifacts/screenshots/<name>.png: the whole page, or only what the viewport shows. */
export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage });
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
