/**
 * Setup shared by the intercept tests: the esbuild bundles of the test page scripts, the origin,
 * and a headless Debian Chromium driven by playwright-core.
 */
import { resolve } from "node:path";
import { type Browser, type Page, chromium } from "playwright-core";
import { bundleScript } from "../../../harness/browser/bundle.js";
import { CHROMIUM_PATH, HEADLESS_ARGS } from "../../../harness/browser/chromium.js";
import { type Origin, startOrigin } from "./intercept-server.js";

const HERE = import.meta.dirname;

/** Bundles one browser-side entry of this folder into an IIFE. */
export function bundle(entry: string): Promise<string> {
  return bundleScript(resolve(HERE, entry));
}

export interface InterceptRig {
  origin: Origin;
  browser: Browser;
  /** A fresh page (new context) at `path` of the origin. */
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** The browser-side entries a rig's pages load as /hook.js and /players.js. */
export interface RigScripts {
  hook: string;
  players: string;
}

/**
 * Starts the origin (with the page scripts bundled) and Chromium. The pages load the fake-source
 * hook and the play-to-end drivers unless `scripts` names other entries of this folder.
 */
export async function startRig(
  streams: Record<string, string> = {},
  scripts: RigScripts = { hook: "intercept-page.ts", players: "intercept-players.ts" },
): Promise<InterceptRig> {
  const [hook, players] = await Promise.all([bundle(scripts.hook), bundle(scripts.players)]);
  const origin = await startOrigin({
    bundles: { "/hook.js": hook, "/players.js": players },
    streams,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: HEADLESS_ARGS,
  });
  return {
    origin,
    browser,
    async open(path) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on("pageerror", (error) => {
        console.error(`page error: ${error.message}`);
      });
      await page.goto(`${origin.base}${path}`);
      return page;
    },
    async close() {
      await browser.close();
      await origin.close();
    },
  };
}
