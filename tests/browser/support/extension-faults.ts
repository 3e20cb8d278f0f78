/**
 * Faults the browser tests cause inside a viewer's browser: the test build's storage fault
 * switch (engine/test-faults.ts) and a reload of the extension.
 */
import type { Worker } from "playwright-core";
import { STORAGE_FAULT_KEY, type StorageFault } from "../../../engine/test-faults";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";

/**
 * Makes the engine's IndexedDB fail from its next start on: the key is written into the
 * extension's localStorage (an extension page shares it with the offscreen document).
 */
export async function setStorageFault(browser: ExtensionBrowser, fault: StorageFault) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/bridge.html`);
  await page.evaluate(
    ({ key, value }) => {
      localStorage.setItem(key, value);
    },
    {
      key: STORAGE_FAULT_KEY,
      value: fault,
    },
  );
  await page.close();
}

/**
 * Reloads the extension with chrome.runtime.reload() from its service worker (as an update
 * does): every extension context ends, content scripts already in pages are orphaned. Resolves
 * with the new service worker.
 */
export async function reloadExtension(browser: ExtensionBrowser): Promise<Worker> {
  const { context, worker, extensionId } = browser;
  const next = context.waitForEvent("serviceworker", {
    timeout: 30_000,
    predicate: (candidate) =>
      candidate !== worker && candidate.url().startsWith(`chrome-extension://${extensionId}/`),
  });
  // The worker dies while it answers: the evaluation may never settle.
  void worker
    .evaluate(() => {
      const self = globalThis as unknown as { chrome: { runtime: { reload(): void } } };
      self.chrome.runtime.reload();
    })
    .catch(() => undefined);
  return next;
}
