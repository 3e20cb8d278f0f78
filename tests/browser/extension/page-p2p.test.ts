/**
 * A page that runs its own P2P loader (hls.js + P2P Media Loader 2.3.1, the benchmark's anchor
 * page, harness/p2pml/) with the extension installed and switched on for the page's site. The
 * hook sees the page open WebRTC data channels and stands aside: the extension's engine holds no
 * swarm for the tab, the popup says why, and P2P Media Loader works as it does alone. Then the
 * same viewers without the extension, for the baseline: the extension adds no stall and no error.
 * Prints each round's origin bytes, P2P bytes and stalls.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchChromium,
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
  type LaunchedBrowser,
} from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { anchorStats, playAnchor } from "../../../harness/p2pml";
import type { AnchorPlayResult, AnchorStats } from "../../../harness/p2pml/types";
import { startAnchorSetup, type AnchorSetup } from "../support/anchor-page";
import { staggered } from "../support/extension-viewers";
import { openPage } from "../ui/ui-support";

const VIEWERS = 2;
const JOIN_GAP_MS = 4000;
const PLAY_TIMEOUT_MS = 60_000;
/** hls.js errors are `type:details:fatal:message`; the video element's errors are all fatal. */
const isFatal = (error: string) => error.startsWith("video:") || error.split(":")[2] === "true";

interface Round {
  results: AnchorPlayResult[];
  stats: AnchorStats[];
  /** Segment bytes the origin served in the round (playlists aside). */
  originBytes: number;
}

describe("a page with its own P2P loader (P2P Media Loader 2.3.1) and the extension", () => {
  let setup: AnchorSetup;
  const browsers: (ExtensionBrowser | LaunchedBrowser)[] = [];

  beforeAll(async () => {
    setup = await startAnchorSetup();
  });

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await (setup as AnchorSetup | undefined)?.close();
  });

  const pageUrl = () => `${setup.pageBase}p2pml.html`;
  const site = () => new URL(setup.pageBase).origin;
  const manifest = () => `${setup.origin.baseUrl}index.m3u8`;

  /** Plays the page in each viewer (joining JOIN_GAP_MS apart) to its end. */
  const segmentBytes = () =>
    [...setup.origin.servedBytesByPath()]
      .filter(([path]) => path.endsWith(".ts"))
      .reduce((sum, [, bytes]) => sum + bytes, 0);

  async function playRound(open: () => Promise<Page>): Promise<Round & { tabs: Page[] }> {
    const before = segmentBytes();
    const played = await staggered(VIEWERS, JOIN_GAP_MS, async () => {
      const tab = await open();
      const result = await playAnchor(tab, manifest(), {
        trackerUrl: setup.tracker.url,
        timeoutMs: PLAY_TIMEOUT_MS,
      });
      return { tab, result };
    });
    return {
      tabs: played.map(({ tab }) => tab),
      results: played.map(({ result }) => result),
      stats: await Promise.all(played.map(({ tab }) => anchorStats(tab))),
      originBytes: segmentBytes() - before,
    };
  }

  const describeRound = (name: string, round: Round) =>
    `${name}: origin served ${String(round.originBytes)} segment bytes; ` +
    round.stats
      .map(
        (s, index) =>
          `viewer ${String(index + 1)} P2PML http ${String(s.httpBytes)} p2p ${String(s.p2pBytes)} ` +
          `stalls ${String(round.results[index]?.stalls)} errors ${String(round.results[index]?.errors.length)}`,
      )
      .join("; ");

  const expectPlayedToEnd = (name: string, round: Round) => {
    for (const [index, result] of round.results.entries()) {
      const label = `${name} viewer ${String(index + 1)}`;
      expect(result.errors.filter(isFatal), `${label} fatal errors`).toEqual([]);
      expect(result.ended, `${label} ended at ${String(result.currentTime)} s`).toBe(true);
    }
    expect(
      round.stats.at(-1)?.p2pBytes ?? 0,
      `${name}: the later viewer's P2PML peers`,
    ).toBeGreaterThan(0);
  };

  it(
    "stands aside: no swarm in the engine, the popup says why, P2P Media Loader shares as alone",
    async () => {
      const drivers: ExtensionDriver[] = [];
      const withExtension = await playRound(async () => {
        const browser = await launchWithExtension(TEST_EXTENSION_DIR);
        browsers.push(browser);
        const driver = new ExtensionDriver(browser.worker);
        drivers.push(driver);
        await driver.preset(
          { trackerAnnounce: [setup.tracker.url], rtcConfig: { iceServers: [] } },
          [site()],
        );
        await driver.waitForPageScripts(`${site()}/*`, 30_000);
        const tab = await browser.context.newPage();
        await tab.goto(pageUrl());
        return tab;
      });
      console.log(describeRound("with the extension", withExtension));
      expectPlayedToEnd("with the extension", withExtension);

      for (const [index, driver] of drivers.entries()) {
        const label = `viewer ${String(index + 1)}`;
        const tabId = await driver.tabIdOf(pageUrl());
        const status = await driver.engineStatus();
        const swarms = status.ok ? status.swarms : [];
        expect(
          swarms.filter((swarm) => swarm.tabs.includes(tabId)),
          `${label}: the engine's swarms for the tab`,
        ).toEqual([]);
        const browser = browsers[index] as ExtensionBrowser;
        const popup = await openPage(browser, `popup.html?tabId=${String(tabId)}`);
        const line = popup.locator('[data-status="stands-aside"]');
        await line.waitFor({ timeout: 30_000 });
        expect(await line.textContent()).toContain("peer-to-peer of its own");
        await popup.close();
      }
      // The engine fetched nothing of its own: the origin served the segments P2P Media Loader
      // asked for over HTTP (an answer of the engine would count there too), no queue ahead.
      const largest = Math.max(...setup.stream.segments.map((segment) => segment.bytes));
      const asked = withExtension.stats.reduce((sum, s) => sum + s.httpBytes, 0);
      expect(withExtension.originBytes).toBeLessThanOrEqual(asked + largest);
      // The baseline's viewers must not find these as peers.
      await Promise.all(browsers.splice(0).map((browser) => browser.close()));

      const alone = await playRound(async () => {
        const browser = await launchChromium();
        browsers.push(browser);
        const tab = await browser.context.newPage();
        await tab.goto(pageUrl());
        return tab;
      });
      console.log(describeRound("P2P Media Loader alone", alone));
      expectPlayedToEnd("alone", alone);
      const stalls = (round: Round) => round.results.reduce((sum, r) => sum + r.stalls, 0);
      expect(stalls(withExtension)).toBeLessThanOrEqual(stalls(alone));
      const errors = (round: Round) => round.results.reduce((sum, r) => sum + r.errors.length, 0);
      expect(errors(withExtension)).toBeLessThanOrEqual(errors(alone));
    },
    4 * PLAY_TIMEOUT_MS,
  );
});
