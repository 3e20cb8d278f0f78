/**
 * Firefox test builds only (background/event-page.ts calls this behind `__P2PV_TEST_BUILD__`;
 * the store build drops it): Firefox lets no test tool into the event page or any moz-extension
 * page, so a test presets the extension by writing `test-preset.json` into its copy of the test
 * build before installing it. The file holds what chrome.storage.local should hold (settings,
 * enabled sites, embedded players, consent: what ExtensionDriver.preset and .store write in
 * Chromium), stored as it is, every key. No file, no preset.
 */
import browser from "webextension-polyfill";

export const TEST_PRESET_FILE = "test-preset.json";

export async function applyTestPreset(): Promise<void> {
  let response: Response;
  try {
    response = await fetch(browser.runtime.getURL(TEST_PRESET_FILE));
  } catch {
    return;
  }
  if (!response.ok) return;
  const items = (await response.json()) as Record<string, unknown>;
  await browser.storage.local.set(items);
  console.warn(`test build: storage preset from ${TEST_PRESET_FILE}`);
}
