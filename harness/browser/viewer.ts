/**
 * One viewer of the browser swarm: its own Chromium (or Firefox: firefox-viewer.ts) with a fresh
 * profile, a page of the stream server, a stream playing, and a reading of where its bytes came
 * from. Three modes, the same page and player for the first two (Chromium here):
 *   - "extension": the built extension (test build), preset for the local tracker and enabled
 *     for the server's site; bytes from the extension's own per-tab stats, plus any segment the
 *     page fetched itself (a hook deadline that ran out), plus the engine host's CPU and memory;
 *   - "none": no extension (the baseline); every segment byte is the page's own HTTP;
 *   - "p2pml": a page that brings P2P Media Loader (harness/p2pml/; p2pml-seam.ts), which
 *     counts its own bytes.
 * Playback (first frame, stalls, position) comes from the probe injected into every page.
 */
import type { Page } from "playwright-core";
import type { EngineSwarmStatus } from "../../messaging/background-to-engine.js";
import type { StoredSettings } from "../../messaging/stored-settings.js";
import {
  launchChromium,
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type LaunchedBrowser,
} from "./chromium.js";
import { EngineMetricsProbe, type EngineMetrics, type ProcessMetrics } from "./engine-metrics.js";
import { ExtensionDriver } from "./extension-driver.js";
import { startFirefoxViewer } from "./firefox-viewer.js";
import type { ProbeSnapshot } from "./page/playback-probe.js";
import {
  readP2pmlStats,
  startP2pmlPlayback,
  type LoaderCounters,
  type P2pmlPage,
} from "./p2pml-seam.js";
import type { PlayerName } from "./players.js";
import type { StreamServer } from "./stream-server.js";

export type ViewerMode = "extension" | "none" | "p2pml";
export type ViewerBrowser = "chromium" | "firefox";

export interface ViewerSetup {
  index: number;
  mode: ViewerMode;
  /** Default chromium. */
  browser?: ViewerBrowser;
  player: PlayerName;
  manifestUrl: string;
  server: StreamServer;
  trackerUrl: string;
  /** The playback probe's script (page/playback-probe.ts bundled). */
  probeScript: string;
  headed: boolean;
  /** How long the viewer may play (the P2P Media Loader page stops itself after it). */
  timeoutMs: number;
  /** Extension settings over the local-swarm preset. */
  settings?: StoredSettings;
  p2pmlPage?: P2pmlPage;
}

/** One reading of a viewer. */
export interface ViewerState {
  httpBytes: number;
  p2pBytes: number;
  /** null where it cannot be read (a Firefox viewer's engine: firefox-viewer.ts). */
  uploadedBytes: number | null;
  peers: number | null;
  /** Segment bytes the page fetched from the network itself (included in httpBytes). */
  pageHttpBytes: number;
  probe: ProbeSnapshot;
  errors: string[];
}

export type IntegrityTotals = EngineSwarmStatus["integrity"];

/** The extension process's figures; the engine document's own where readable (Chromium). */
export type ViewerEngineMetrics = ProcessMetrics & Partial<EngineMetrics>;

/** Zeroed integrity counters, to sum into. */
export const noIntegrityCounts = (): IntegrityTotals => ({
  checks: 0,
  originBytes: 0,
  mismatches: 0,
  unverified: 0,
  attested: 0,
  settled: 0,
  discredited: 0,
});

export interface Viewer {
  readonly index: number;
  sample(): Promise<ViewerState>;
  /** The engine host's cost (extension mode, once its document exists). */
  engine(): Promise<ViewerEngineMetrics | undefined>;
  /** The engine's integrity checks of peer bytes, summed over its swarms (extension mode). */
  integrity(): Promise<IntegrityTotals | undefined>;
  close(): Promise<void>;
}

/** Headed windows tile the screen in two columns. */
function windowArgs(index: number): string[] {
  const width = 640;
  const height = 420;
  const x = (index % 2) * width;
  const y = Math.floor(index / 2) * height;
  return [
    `--window-size=${String(width)},${String(height)}`,
    `--window-position=${String(x)},${String(y)}`,
  ];
}

async function openPage(
  browser: LaunchedBrowser,
  setup: ViewerSetup,
  url: string,
  pageErrors: string[],
): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("pageerror", (error) => {
    pageErrors.push(`page:${error.message}`);
  });
  await page.addInitScript({ content: setup.probeScript });
  await page.goto(url);
  return page;
}

const readProbe = (page: Page) => page.evaluate(() => window.__probe.snapshot());

const NO_P2P: LoaderCounters = { httpBytes: 0, p2pBytes: 0, uploadedBytes: 0, peers: 0 };

/**
 * A reading from the probe and a loader's counters. With `addPageBytes` the segments the page
 * fetched itself are HTTP bytes on top of the loader's (the extension's engine and the baseline
 * do not see them); P2P Media Loader counts its own HTTP.
 */
function state(
  probe: ProbeSnapshot,
  loader: LoaderCounters,
  errors: string[],
  addPageBytes: boolean,
): ViewerState {
  return {
    httpBytes: loader.httpBytes + (addPageBytes ? probe.pageSegmentBytes : 0),
    p2pBytes: loader.p2pBytes,
    uploadedBytes: loader.uploadedBytes,
    peers: loader.peers,
    pageHttpBytes: probe.pageSegmentBytes,
    probe,
    errors: [...errors, ...probe.errors],
  };
}

/** For a person watching a headed run: the viewer's figures in its caption and tab title. */
async function showFigures(page: Page, setup: ViewerSetup, state: ViewerState): Promise<void> {
  if (!setup.headed) return;
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
  const text =
    `viewer ${String(setup.index + 1)} (${setup.mode}): HTTP ${mib(state.httpBytes)} MiB, ` +
    `P2P ${mib(state.p2pBytes)} MiB, uploaded ${mib(state.uploadedBytes ?? 0)} MiB, ` +
    `${String(state.peers ?? 0)} peers`;
  await page.evaluate((line) => {
    document.title = line;
    const caption = document.getElementById("caption");
    if (caption) caption.textContent = line;
  }, text);
}

/** Opens the viewer's browser and page and starts playing. */
export async function startViewer(setup: ViewerSetup): Promise<Viewer> {
  if (setup.browser === "firefox") return startFirefoxViewer(setup);
  const caption = `viewer ${String(setup.index + 1)} (${setup.mode}, ${setup.player})`;
  const launch = { headed: setup.headed, args: setup.headed ? windowArgs(setup.index) : [] };
  const pageErrors: string[] = [];

  if (setup.mode === "extension") {
    const browser = await launchWithExtension(TEST_EXTENSION_DIR, launch);
    try {
      const driver = new ExtensionDriver(browser.worker);
      const site = setup.server.base;
      await driver.preset(
        { trackerAnnounce: [setup.trackerUrl], rtcConfig: { iceServers: [] }, ...setup.settings },
        [site],
      );
      await driver.waitForPageScripts(`${site}/*`);
      const url = setup.server.pageUrl(setup.player);
      const page = await openPage(browser, setup, url, pageErrors);
      const tabId = await driver.tabIdOf(url);
      await play(page, setup, caption);
      const metrics = new EngineMetricsProbe(browser.context);
      return {
        index: setup.index,
        async sample() {
          const [stats, probe, errors] = await Promise.all([
            driver.stats(tabId),
            readProbe(page),
            page.evaluate(() => window.__viewer.errors()),
          ]);
          const reading = state(probe, stats ?? NO_P2P, [...errors, ...pageErrors], true);
          await showFigures(page, setup, reading);
          return reading;
        },
        engine: () => metrics.sample(),
        integrity: async () => {
          const status = await driver.engineStatus();
          if (!status.ok) return undefined;
          const sum = noIntegrityCounts();
          for (const swarm of status.swarms) {
            for (const key of Object.keys(sum) as (keyof IntegrityTotals)[]) {
              sum[key] += swarm.integrity[key];
            }
          }
          return sum;
        },
        close: async () => {
          await metrics.close();
          await browser.close();
        },
      };
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  const browser = await launchChromium(launch);
  try {
    if (setup.mode === "none") {
      const page = await openPage(browser, setup, setup.server.pageUrl(setup.player), pageErrors);
      await play(page, setup, caption);
      return {
        index: setup.index,
        async sample() {
          const [probe, errors] = await Promise.all([
            readProbe(page),
            page.evaluate(() => window.__viewer.errors()),
          ]);
          const reading = state(probe, NO_P2P, [...errors, ...pageErrors], true);
          await showFigures(page, setup, reading);
          return reading;
        },
        engine: () => Promise.resolve(undefined),
        integrity: () => Promise.resolve(undefined),
        close: () => browser.close(),
      };
    }
    const p2pml = setup.p2pmlPage;
    if (p2pml === undefined) throw new Error("mode p2pml needs the P2P Media Loader page");
    const page = await openPage(browser, setup, `${setup.server.base}${p2pml.path}`, pageErrors);
    await startP2pmlPlayback(page, {
      manifestUrl: setup.manifestUrl,
      trackerUrl: setup.trackerUrl,
      timeoutMs: setup.timeoutMs,
    });
    return {
      index: setup.index,
      async sample() {
        const [probe, stats] = await Promise.all([readProbe(page), readP2pmlStats(page)]);
        const reading = state(probe, stats, pageErrors, false);
        await showFigures(page, setup, reading);
        return reading;
      },
      engine: () => Promise.resolve(undefined),
      integrity: () => Promise.resolve(undefined),
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function play(page: Page, setup: ViewerSetup, caption: string): Promise<void> {
  await page.evaluate(
    async ({ player, url, caption }) => {
      window.__probe.start();
      await window.__viewer.play(player, url, caption);
    },
    { player: setup.player, url: setup.manifestUrl, caption },
  );
}
