/**
 * Firefox viewers for the extension e2e tests: a fresh firefox-esr profile with the Firefox test
 * build preset for a local tracker and the origin (harness/browser/firefox.ts), with a page of
 * the origin open once the extension's page hook runs in it.
 */
import type { Frame, Page } from "puppeteer-core";
import {
  gotoUntilHooked,
  launchFirefoxWithExtension,
  type FirefoxWithExtension,
} from "../../../harness/browser/firefox";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import { ENVELOPE_TAG } from "../../../hook/relay-envelope";
import type { Embeds, StoredSettings } from "../../../messaging/stored-settings";
import { bundle } from "./intercept-browser";
import { warmUpInPage } from "./warm-engine";
import { startOrigin, type Origin } from "./intercept-server";

/**
 * Opens `path` of the origin in a new Firefox with the extension, reloading until the page hook
 * runs in it (the background registers it once the preset is stored, a moment after start).
 */
export async function openFirefoxViewer(
  options: {
    origin: Origin;
    tracker: Pick<LocalTracker, "url">;
    path: string;
    settings?: StoredSettings;
    /**
     * Per enabled site, the origins of embedded players the viewer shares there. The test
     * build's host permission and Firefox's port-less match patterns cover every port of
     * 127.0.0.1 alike, so the hook runs in such a frame as soon as it runs in the page.
     */
    embeds?: Embeds;
  },
  browsers: FirefoxWithExtension[],
): Promise<Page> {
  const { origin, tracker } = options;
  const firefox = await launchFirefoxWithExtension({
    settings: {
      trackerAnnounce: [tracker.url],
      rtcConfig: { iceServers: [] },
      ...options.settings,
    },
    enabledSites: [origin.base],
    embeds: options.embeds,
  });
  browsers.push(firefox);
  const page = await firefox.browser.newPage();
  await gotoUntilHooked(page, `${origin.base}${options.path}`);
  return page;
}

/** warmUpInPage (warm-engine.ts) in a page or frame of a Firefox viewer. */
export async function warmFirefoxEngine(target: Page | Frame, timeoutMs = 60_000): Promise<void> {
  await target.evaluate(warmUpInPage, { tag: ENVELOPE_TAG, timeoutMs });
}

/**
 * A Firefox with the extension enabled for a blank page of a fresh origin whose own script is
 * tests/browser/support/relay-page-calls.ts (`window.__relay`: talks to the relay as the page
 * hook does), with a local tracker; `settings` go over the tracker's.
 */
export async function openRelayPage(settings: StoredSettings = {}): Promise<{
  origin: Origin;
  page: Page;
  close: () => Promise<void>;
}> {
  const origin = await startOrigin({
    bundles: { "/hook.js": await bundle("relay-page-calls.ts") },
    streams: {},
  });
  const tracker = await startTracker();
  const firefox = await launchFirefoxWithExtension({
    settings: { trackerAnnounce: [tracker.url], rtcConfig: { iceServers: [] }, ...settings },
    enabledSites: [origin.base],
  });
  const page = await firefox.browser.newPage();
  await gotoUntilHooked(page, `${origin.base}/blank.html`);
  return {
    origin,
    page,
    close: async () => {
      await firefox.close();
      await origin.close();
      await tracker.close();
    },
  };
}
