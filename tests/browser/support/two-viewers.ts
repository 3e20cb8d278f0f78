/**
 * Two viewers in two Chromium profiles with the test build (one network namespace, the stream
 * fixture's tracker and origin): each profile given its settings with the fixture's site
 * enabled, then a real page of the site opened in it, whose relay the engine downloads through.
 */
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
  type LaunchOptions,
} from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { BLANK_PAGE_PATH, PageFrame } from "../../../harness/browser/page-frame";
import type { StoredSettings } from "../../../messaging/stored-settings";
import type { StreamFixture } from "./stream-fixture";

export interface Viewer {
  driver: ExtensionDriver;
  frame: PageFrame;
  /** The page's tab, for the driver's stats. */
  tabId: number;
}

/** Two browsers with the test build; `options[i]` (extra flags...) goes to browser i. */
export function launchTwoBrowsers(
  options: readonly Omit<LaunchOptions, "extensionDir">[] = [],
): Promise<ExtensionBrowser[]> {
  return Promise.all([
    launchWithExtension(TEST_EXTENSION_DIR, options[0]),
    launchWithExtension(TEST_EXTENSION_DIR, options[1]),
  ]);
}

/** One viewer per browser, in order, each with its settings (all presets come first). */
export async function openViewers(
  browsers: readonly ExtensionBrowser[],
  fixture: StreamFixture,
  settings: readonly StoredSettings[],
): Promise<Viewer[]> {
  const drivers = browsers.map((browser) => new ExtensionDriver(browser.worker));
  for (const [index, driver] of drivers.entries())
    await driver.preset(settings[index] ?? fixture.settings, [fixture.site]);
  const viewers: Viewer[] = [];
  for (const [index, driver] of drivers.entries()) {
    await driver.waitForPageScripts(`${fixture.site}/*`);
    const browser = browsers[index];
    if (!browser) throw new Error("no browser");
    const frame = await PageFrame.open(browser.context, fixture.site);
    viewers.push({
      driver,
      frame,
      tabId: await driver.tabIdOf(`${fixture.site}${BLANK_PAGE_PATH}`),
    });
  }
  return viewers;
}
