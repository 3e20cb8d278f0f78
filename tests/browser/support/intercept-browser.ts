/**
 * Setup shared by the intercept tests: the esbuild bundles of the test page scripts, the origin,
 * and a headless Debian Chromium driven by playwright-core.
 */
import { resolve } from "node:path";
import { build } from "esbuild";
import { type Browser, type Page, chromium } from "playwright-core";
import { type Origin, startOrigin } from "./intercept-server.js";

const HERE = import.meta.dirname;

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
];

/** Bundles one browser-side entry into an IIFE (the way a MAIN-world content script ships). */
export async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [resolve(HERE, entry)],
    bundle: true,
    format: "iife",
    target: "chrome120",
    write: false,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

export interface InterceptRig {
  origin: Origin;
  browser: Browser;
  /** A fresh page (new context) at `path` of the origin. */
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the origin (with the page scripts bundled) and Chromium. */
export async function startRig(streams: Record<string, string> = {}): Promise<InterceptRig> {
  const [hook, players] = await Promise.all([
    bundle("intercept-page.ts"),
    bundle("intercept-players.ts"),
  ]);
  const origin = await startOrigin({
    bundles: { "/hook.js": hook, "/players.js": players },
    streams,
  });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
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
