/**
 * Setup shared by the intercept tests: the esbuild bundles of the test page scripts, the origin,
 * and a headless Debian Chromium driven by playwright-core.
 */
import { resolve } from "node:path";
import { type Browser, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { bundleScript } from "../../../harness/browser/bundle.js";
import { CHROMIUM_PATH, HEADLESS_ARGS } from "../../../harness/browser/chromium.js";
import { configure } from "./intercept-page-calls.js";
import { type Origin, startOrigin, testBody } from "./intercept-server.js";

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

/**
 * The per-file setup of the fetch and XHR tests: one rig, a page with the hook and one without,
 * the hooked page's log cleared and its test source reset before each test. `data()` gives a
 * fresh /data URL (so origin hit counts are per test) and the bytes the origin sends for it.
 */
export function useHookedPages() {
  const state = { rig: undefined as InterceptRig | undefined, counter: 0 };
  const pages: { hooked?: Page; plain?: Page } = {};
  beforeAll(async () => {
    state.rig = await startRig();
    pages.hooked = await state.rig.open("/blank.html");
    pages.plain = await state.rig.open("/blank.html?hook=0");
  });
  afterAll(async () => {
    await state.rig?.close();
  });
  beforeEach(async () => {
    const hooked = pages.hooked;
    if (!hooked) throw new Error("no hooked page");
    await hooked.evaluate(() => {
      window.__itest.clearLog();
    });
    await configure(hooked, {
      match: null,
      engine: "miss",
      engineDelayMs: 0,
      deadlineMs: 2000,
      size: undefined,
      manifest: null,
      serveEvery: 1,
    });
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} not ready`);
    return value;
  };
  return {
    rig: () => need(state.rig, "rig"),
    hooked: () => need(pages.hooked, "hooked page"),
    plain: () => need(pages.plain, "plain page"),
    data(prefix: string, size: number, extension = ".ts") {
      state.counter += 1;
      const name = `${prefix}${String(state.counter)}${extension}`;
      return {
        path: `/data/${name}`,
        url: `/data/${name}?size=${String(size)}`,
        body: testBody(name, size),
      };
    },
  };
}
