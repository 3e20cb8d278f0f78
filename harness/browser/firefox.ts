/**
 * Debian's firefox-esr through puppeteer-core over WebDriver BiDi (Playwright's Firefox needs its
 * own patched build), one fresh profile per call, with the extension installed as a temporary
 * add-on. The prefs are those measured in /work/shared/PLATFORM-NOTES.md: Firefox gathers no
 * loopback ICE candidates, so peers connect over the veth pair of the private network namespace
 * (scripts/netns.sh) with host addresses not obfuscated; media plays without a gesture.
 *
 * Firefox lets no test tool into moz-extension pages: a test presets the extension by writing
 * `test-preset.json` into a copy of the test build (background/test-preset.ts), made here.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { STORAGE_KEYS, type StoredSettings } from "../../messaging/stored-settings";

export const FIREFOX_PATH = process.env.P2PV_FIREFOX ?? "/usr/bin/firefox-esr";
/** The Firefox store build and its test variant (scripts/make-firefox-build.ts). */
export const FIREFOX_DIR = resolve("build/firefox-mv3-prod");
export const FIREFOX_TEST_DIR = resolve("build/firefox-mv3-test");

export const FIREFOX_PREFS: Record<string, unknown> = {
  "media.peerconnection.ice.obfuscate_host_addresses": false,
  "media.autoplay.default": 0,
  "media.autoplay.blocking_policy": 0,
  // No update, telemetry or remote-settings traffic from a machine with no internet.
  "app.update.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "toolkit.telemetry.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  // Extension and page console lines go to Firefox's stdout (seen with P2PV_FIREFOX_DUMPIO=1).
  "devtools.console.stdout.chrome": true,
  "devtools.console.stdout.content": true,
};

export interface FirefoxWithExtension {
  browser: Browser;
  close(): Promise<void>;
}

/** What the viewer would have chosen: settings, the enabled sites, and consent given. */
export interface FirefoxPreset {
  settings: StoredSettings;
  enabledSites: string[];
}

export interface FirefoxLaunchOptions {
  /**
   * Preset the viewer's consent too (the default). Without it the extension opens its first-run
   * page when it is installed, as on a real install.
   */
  consent?: boolean;
  /**
   * The store package's host permissions (none: the viewer grants each site when switching it on
   * in the popup) instead of the test build's test hosts. "tabs" stands in for what a click on
   * the toolbar button gives the popup (activeTab: the tab's URL), since a test opens the popup
   * in a tab of its own; it grants no access to any site.
   */
  storeHostPermissions?: boolean;
  /** More Firefox prefs. */
  prefs?: Record<string, unknown>;
}

/** Firefox with a fresh profile and a copy of the test build preset with `preset`. */
export async function launchFirefoxWithExtension(
  preset: FirefoxPreset,
  options: FirefoxLaunchOptions = {},
): Promise<FirefoxWithExtension> {
  if (process.env.P2PV_NETNS !== "1") {
    throw new Error("browsers here open WebRTC: run under scripts/netns.sh");
  }
  const extension = await mkdtemp(join(tmpdir(), "p2pv-firefox-ext-"));
  await cp(FIREFOX_TEST_DIR, extension, { recursive: true });
  await writeFile(
    join(extension, "test-preset.json"),
    JSON.stringify({
      [STORAGE_KEYS.settings]: preset.settings,
      [STORAGE_KEYS.enabledSites]: preset.enabledSites,
      ...(options.consent === false ? {} : { [STORAGE_KEYS.consent]: { acceptedAt: Date.now() } }),
    }),
  );
  if (options.storeHostPermissions === true) {
    const path = join(extension, "manifest.json");
    const manifest = JSON.parse(await readFile(path, "utf8")) as {
      permissions: string[];
      host_permissions: string[];
    };
    manifest.host_permissions = [];
    manifest.permissions = [...manifest.permissions, "tabs"];
    await writeFile(path, JSON.stringify(manifest, null, 2));
  }
  const cleanup = () => rm(extension, { recursive: true, force: true });
  try {
    const browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: FIREFOX_PATH,
      headless: true,
      extraPrefsFirefox: { ...FIREFOX_PREFS, ...options.prefs },
      dumpio: process.env.P2PV_FIREFOX_DUMPIO === "1",
    });
    try {
      await browser.installExtension(extension);
    } catch (error) {
      await browser.close();
      throw error;
    }
    return {
      browser,
      close: async () => {
        await browser.close();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
