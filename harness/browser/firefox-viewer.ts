/**
 * A Firefox viewer of the browser swarm (viewer.ts has the Chromium ones): firefox-esr with a
 * fresh profile (firefox.ts), the same page of the stream server, the same player and the same
 * playback probe, in two modes:
 *   - "extension": the Firefox test build, preset for the local tracker and enabled for the
 *     server's site (its `test-preset.json`), the page opened once the extension's hook runs;
 *   - "none": no extension (the baseline).
 * No test tool reaches Firefox's event page, where the engine runs, so its per-tab stats cannot
 * be read. The bytes are measured from outside instead, each the same way in both modes:
 *   - HTTP: the segment bytes the stream server sent this viewer's browser, told apart by the
 *     profile's own User-Agent (`general.useragent.override`, firefoxUserAgent). It is everything
 *     that browser took from the origin: the page's own requests, the engine's fetches through
 *     the page, and the engine's integrity spot checks;
 *   - P2P: the segment bytes the player received (viewer-page.ts counts them through the
 *     player's own response hook) minus that HTTP figure, so at least 0: a lower bound, since
 *     bytes the engine fetched but the player never took (a prefetch, a spot check) count as
 *     HTTP and are subtracted;
 *   - uploaded bytes and peers: not measured (null);
 *   - the engine's cost: CPU time and resident memory of Firefox's "WebExtensions" process
 *     (firefox-metrics.ts).
 * Playback (first frame, stalls, position, the page's own segment bytes) comes from the probe,
 * injected before the page's scripts (a BiDi preload script).
 */
import type { Page } from "puppeteer-core";
import type { ProbeSnapshot } from "./page/playback-probe.js";
import {
  FIREFOX_TEST_DIR,
  firefoxUserAgent,
  gotoUntilHooked,
  launchFirefox,
  launchFirefoxWithExtension,
  type FirefoxWithExtension,
} from "./firefox.js";
import { FirefoxEngineMetrics } from "./firefox-metrics.js";
import type { ViewerSetup, Viewer, ViewerState } from "./viewer.js";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** What the viewer's page tells: the probe, the player's errors and received segment bytes. */
interface PageReading {
  probe: ProbeSnapshot;
  errors: string[];
  received: number;
}

const readPage = (page: Page): Promise<PageReading> =>
  page.evaluate(() => ({
    probe: window.__probe.snapshot(),
    errors: window.__viewer.errors(),
    received: window.__viewer.receivedBytes(),
  }));

export async function startFirefoxViewer(setup: ViewerSetup): Promise<Viewer> {
  if (setup.mode === "p2pml") {
    throw new Error("Firefox viewers run with the extension or without it, not the p2pml page");
  }
  const extension = setup.mode === "extension";
  if (extension && !existsSync(join(FIREFOX_TEST_DIR, "manifest.json"))) {
    throw new Error(`no Firefox test build in ${FIREFOX_TEST_DIR}: run \`npm run build\` first`);
  }
  const userAgent = await firefoxUserAgent(`P2PV-Viewer/${String(setup.index + 1)}`);
  const options = {
    headed: setup.headed,
    prefs: { "general.useragent.override": userAgent },
  };
  const site = setup.server.base;
  const firefox: FirefoxWithExtension = extension
    ? await launchFirefoxWithExtension(
        {
          settings: {
            trackerAnnounce: [setup.trackerUrl],
            rtcConfig: { iceServers: [] },
            ...setup.settings,
          },
          enabledSites: [site],
        },
        options,
      )
    : await launchFirefox(options);
  try {
    const pageErrors: string[] = [];
    const page = await firefox.browser.newPage();
    page.on("pageerror", (error) => {
      pageErrors.push(`page:${error instanceof Error ? error.message : String(error)}`);
    });
    await page.evaluateOnNewDocument(setup.probeScript);
    const url = setup.server.pageUrl(setup.player);
    if (extension) await gotoUntilHooked(page, url);
    else await page.goto(url);
    const caption = `viewer ${String(setup.index + 1)} (${setup.mode}, ${setup.player}, firefox)`;
    await page.evaluate(
      async (player, manifestUrl, caption) => {
        window.__probe.start();
        await window.__viewer.play(player, manifestUrl, caption);
      },
      setup.player,
      setup.manifestUrl,
      caption,
    );
    const metrics = extension
      ? new FirefoxEngineMetrics(firefox.browser.process()?.pid)
      : undefined;
    return {
      index: setup.index,
      async sample(): Promise<ViewerState> {
        const reading = await readPage(page);
        const http = setup.server.servedTo(userAgent).segments;
        return {
          httpBytes: http,
          p2pBytes: extension ? Math.max(0, reading.received - http) : 0,
          uploadedBytes: extension ? null : 0,
          peers: extension ? null : 0,
          pageHttpBytes: reading.probe.pageSegmentBytes,
          probe: reading.probe,
          errors: [...reading.errors, ...pageErrors, ...reading.probe.errors],
        };
      },
      engine: () => metrics?.sample() ?? Promise.resolve(undefined),
      integrity: () => Promise.resolve(undefined),
      close: () => firefox.close(),
    };
  } catch (error) {
    await firefox.close();
    throw error;
  }
}
