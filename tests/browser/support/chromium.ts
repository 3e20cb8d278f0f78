/**
 * Debian Chromium with the built extension, one fresh profile per call, through playwright-core.
 * The flags are those measured in /work/shared/PLATFORM-NOTES.md: no sandbox/GPU/QUIC, no
 * background networking (the machine has no internet), loopback ICE candidates allowed and no
 * mDNS host-candidate hiding, so two offscreen documents connect over 127.0.0.1 inside the test's
 * network namespace.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Worker } from "playwright-core";

export const CHROMIUM_PATH = process.env.P2PV_CHROMIUM ?? "/usr/bin/chromium";
/** The production build (`npm run build`). */
export const EXTENSION_DIR = resolve("build/chrome-mv3-prod");
/**
 * The same build with host permissions for the test hosts pre-granted (scripts/make-test-build.ts):
 * headless Chromium cannot answer the permission prompt a viewer answers when enabling a site.
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

export function chromiumArgs(extensionDir: string): string[] {
  return [
    ...HEADLESS_ARGS,
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    "--allow-loopback-in-peer-connection",
    "--disable-features=WebRtcHideLocalIpsWithMdns",
  ];
}

/** Launches a browser with a fresh profile and waits for the extension's service worker. */
export async function launchWithExtension(extensionDir = EXTENSION_DIR): Promise<ExtensionBrowser> {
  if (!existsSync(join(extensionDir, "manifest.json"))) {
    throw new Error(`no extension build in ${extensionDir}: run \`npm run build\` first`);
  }
  if (process.env.P2PV_NETNS !== "1") {
    throw new Error("browser tests open WebRTC: run them under scripts/netns.sh");
  }
  const profile = await mkdtemp(join(tmpdir(), "p2pv-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(extensionDir),
  });
  try {
    const worker =
      context
        .serviceWorkers()
        .find((candidate) => candidate.url().startsWith("chrome-extension:")) ??
      (await context.waitForEvent("serviceworker", { timeout: 15_000 }));
    const extensionId = new URL(worker.url()).host;
    return {
      context,
      worker,
      extensionId,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
