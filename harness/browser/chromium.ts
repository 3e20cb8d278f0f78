/**
 * Debian Chromium through playwright-core, one fresh profile per call: with the built extension
 * (the browser tests, the demo and the benchmark) or without it (the demo's baseline viewers and
 * pages that bring their own P2P loader). The flags are those measured in
 * /work/shared/PLATFORM-NOTES.md: no sandbox/GPU/QUIC, no background networking (the machine has
 * no internet), loopback ICE candidates allowed and no mDNS host-candidate hiding, so peers in
 * different browsers connect over 127.0.0.1 inside the private network namespace.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Worker } from "playwright-core";

export const CHROMIUM_PATH = process.env.P2PV_CHROMIUM ?? "/usr/bin/chromium";
/** The production build (`npm run build`). */
export const EXTENSION_DIR = resolve("build/chrome-mv3-prod");
/**
 * The same build with host permissions for the test hosts pre-granted (scripts/make-test-build.ts):
 * headless Chromium cannot answer the permission prompt a viewer answers when enabling a site.
 * Its engine also keeps the test-only storage fault switch (engine/test-faults.ts).
 */
export const TEST_EXTENSION_DIR = resolve("build/chrome-mv3-test");

export interface ExtensionBrowser {
  context: BrowserContext;
  /** The extension's service worker. */
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

/** Headless Chromium on this offline machine: no sandbox/GPU/QUIC, no background networking. */
export const HEADLESS_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
];

/** WebRTC between browsers on one machine: loopback candidates, no mDNS multicast. */
export const LOOPBACK_WEBRTC_ARGS = [
  "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
];

export function chromiumArgs(extensionDir: string): string[] {
  return [
    ...HEADLESS_ARGS,
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    ...LOOPBACK_WEBRTC_ARGS,
  ];
}

export interface LaunchOptions {
  /** The unpacked extension to load, or none. */
  extensionDir?: string;
  /** A visible window (needs a display: a desktop, or `xvfb-run`). */
  headed?: boolean;
  /** Extra flags, e.g. a window position for headed viewers. */
  args?: string[];
  /**
   * The profile starts in extensions developer mode. Chromium disables an unpacked extension
   * that reloads itself (chrome.runtime.reload) unless developer mode is on: only extensions
   * loaded from the command line at startup are exempt.
   */
  developerMode?: boolean;
  /**
   * The browser's language ("de"): Playwright passes it as --lang (its own en-US otherwise) and
   * Chromium takes its UI language, and with it the extension's (browser.i18n), from that.
   */
  locale?: string;
  /** Environment variables for the browser on top of this process's (LANGUAGE=de). */
  env?: Record<string, string>;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

function requireNetworkNamespace(): void {
  if (process.env.P2PV_NETNS !== "1") {
    throw new Error("browsers here open WebRTC: run under scripts/netns.sh");
  }
}

/** Chromium with a fresh profile; loads `extensionDir` when given. */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const { extensionDir } = options;
  if (extensionDir !== undefined && !existsSync(join(extensionDir, "manifest.json"))) {
    throw new Error(`no extension build in ${extensionDir}: run \`npm run build\` first`);
  }
  requireNetworkNamespace();
  const profile = await mkdtemp(join(tmpdir(), "p2pv-profile-"));
  if (options.developerMode === true) {
    await mkdir(join(profile, "Default"));
    const preferences = { extensions: { ui: { developer_mode: true } } };
    await writeFile(join(profile, "Default", "Preferences"), JSON.stringify(preferences));
  }
  const args =
    extensionDir === undefined
      ? [...HEADLESS_ARGS, ...LOOPBACK_WEBRTC_ARGS]
      : chromiumArgs(extensionDir);
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: options.headed !== true,
      args: [...args, ...(options.args ?? [])],
      ...(options.locale === undefined ? {} : { locale: options.locale }),
      ...(options.env === undefined ? {} : { env: { ...process.env, ...options.env } }),
      // Headed windows size themselves (--window-size); headless keeps Playwright's default.
      ...(options.headed === true ? { viewport: null } : {}),
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Launches a browser with a fresh profile and the extension in `extensionDir`, and waits for its
 * service worker. Tests that drive the background (ExtensionDriver) need TEST_EXTENSION_DIR: the
 * store build has no test hooks.
 */
export async function launchWithExtension(
  extensionDir: string,
  options: Omit<LaunchOptions, "extensionDir"> = {},
): Promise<ExtensionBrowser> {
  const browser = await launchChromium({ ...options, extensionDir });
  const { context } = browser;
  try {
    const worker =
      context
        .serviceWorkers()
        .find((candidate) => candidate.url().startsWith("chrome-extension:")) ??
      (await context.waitForEvent("serviceworker", { timeout: 15_000 }));
    const extensionId = new URL(worker.url()).host;
    return { context, worker, extensionId, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
