/**
 * Debian's firefox-esr through puppeteer-core over WebDriver BiDi (Playwright's Firefox needs its
 * own patched build), one fresh profile per call, with the extension installed as a temporary
 * add-on. The prefs are those measured in /work/shared/PLATFORM-NOTES.md: Firefox gathers no
 * loopback ICE candidates, so peers connect over the veth pair of the private network namespace
 * (scripts/netns.sh) with host addresses not obfuscated; media plays without a gesture.
 *
 * Firefox lets no test tool into moz-extension pages: a test presets the extension by writing
 * `test-preset.json` into a copy of the test build (background/test-preset.ts), made here.
 * Without the extension (the baseline viewers of the browser swarm): launchFirefox. Either way a
 * caller may give the profile its own User-Agent (`general.useragent.override`), which is how the
 * swarm's stream server tells one Firefox viewer's requests from another's (firefoxUserAgent).
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { STORAGE_KEYS, type Embeds, type StoredSettings } from "../../messaging/stored-settings";

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

export interface FirefoxLaunchOptions {
  /** Prefs over FIREFOX_PREFS, e.g. `general.useragent.override`. */
  prefs?: Record<string, unknown>;
  /** A visible window (needs a display). */
  headed?: boolean;
}

function requireNetworkNamespace(): void {
  if (process.env.P2PV_NETNS !== "1") {
    throw new Error("browsers here open WebRTC: run under scripts/netns.sh");
  }
}

function launch(options: FirefoxLaunchOptions): Promise<Browser> {
  return puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX_PATH,
    headless: options.headed !== true,
    extraPrefsFirefox: { ...FIREFOX_PREFS, ...options.prefs },
    dumpio: process.env.P2PV_FIREFOX_DUMPIO === "1",
  });
}

/** Firefox with a fresh profile and no extension. */
export async function launchFirefox(
  options: FirefoxLaunchOptions = {},
): Promise<FirefoxWithExtension> {
  requireNetworkNamespace();
  const browser = await launch(options);
  return { browser, close: () => browser.close() };
}

let version: Promise<string> | undefined;

/**
 * A User-Agent as this firefox-esr sends it, with `tag` appended (e.g. "P2PV-Viewer/3"): set as
 * `general.useragent.override`, every request of that profile (pages, and the extension's
 * fetches through them) carries it, so a server can count bytes per profile.
 */
export async function firefoxUserAgent(tag: string): Promise<string> {
  version ??= promisify(execFile)(FIREFOX_PATH, ["--version"]).then(({ stdout }) => {
    const major = /(\d+)\./.exec(stdout)?.[1];
    if (major === undefined) throw new Error(`no version in ${FIREFOX_PATH} --version: ${stdout}`);
    return `${major}.0`;
  });
  const rv = await version;
  return `Mozilla/5.0 (X11; Linux x86_64; rv:${rv}) Gecko/20100101 Firefox/${rv} ${tag}`;
}

/** The page's fetch is the extension hook's wrapper (read through a fresh frame's own toString). */
export function pageIsHooked(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const frame = document.createElement("iframe");
    document.body.append(frame);
    const frameToString: unknown = Reflect.get(
      (frame.contentWindow as typeof window).Function.prototype,
      "toString",
    );
    const source = Reflect.apply(frameToString as () => string, Reflect.get(window, "fetch"), []);
    frame.remove();
    return !source.includes("[native code]");
  });
}

/**
 * Opens `url` in `page`, reloading until the extension's page hook runs in it (the background
 * registers it once the preset is stored, a moment after start).
 */
export async function gotoUntilHooked(page: Page, url: string): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    await page.goto(url);
    if (await pageIsHooked(page)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the extension's page hook never ran in ${url}`);
}

/**
 * What the viewer would have chosen: settings, the enabled sites, the players of other origins
 * they share on those sites' pages (none by default), and consent given.
 */
export interface FirefoxPreset {
  settings: StoredSettings;
  enabledSites: string[];
  /** STORAGE_KEYS.embeds: per enabled site, the origins of the embedded players shared there. */
  embeds?: Embeds;
}

export interface FirefoxExtensionOptions extends FirefoxLaunchOptions {
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
}

/** Firefox with a fresh profile and a copy of the test build preset with `preset`. */
export async function launchFirefoxWithExtension(
  preset: FirefoxPreset,
  options: FirefoxExtensionOptions = {},
): Promise<FirefoxWithExtension> {
  requireNetworkNamespace();
  const extension = await mkdtemp(join(tmpdir(), "p2pv-firefox-ext-"));
  await cp(FIREFOX_TEST_DIR, extension, { recursive: true });
  await writeFile(
    join(extension, "test-preset.json"),
    JSON.stringify({
      [STORAGE_KEYS.settings]: preset.settings,
      [STORAGE_KEYS.enabledSites]: preset.enabledSites,
      ...(preset.embeds === undefined ? {} : { [STORAGE_KEYS.embeds]: preset.embeds }),
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
    const browser = await launch(options);
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
