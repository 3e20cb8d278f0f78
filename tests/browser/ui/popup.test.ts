/**
 * The popup, opened in a tab of its own and pointed at a real tab with ?tabId= (headless tests
 * cannot click the toolbar button): the consent gate, the status line in each state (not a
 * website, sharing off, on without a stream, sharing), the site switch, the global switches and
 * the live stats of a tab whose segments the engine really fetched, shown only while there is a
 * stream. Every state is checked to fit Chrome's popup limit (600 px tall) without scrolling.
 */
import { createServer, type Server } from "node:http";
import { isDeepStrictEqual } from "node:util";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TabStats } from "../../../messaging/engine-to-background";
import type { ByteCounts, TotalsRecord, TotalsView } from "../../../messaging/lifetime-totals";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
import { formatBytes } from "../../../ui/format";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { PageFrame } from "../../../harness/browser/page-frame";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";
import { expectedTiles } from "../support/popup-tiles";
import { waitFor } from "../support/wait-for";
import {
  launchUi,
  openPage,
  readStorage,
  removeStorage,
  screenshot,
  sendFromPage,
  writeStorage,
} from "./ui-support";

/** Chrome's largest popup is 800 x 600 px; ours is 392 px wide (body width in popup.css). */
const POPUP_SIZE = { width: 392, height: 600 };

/**
 * Checks that the popup fits without scrolling: in a page as wide as the popup and 600 px tall,
 * the document only grows past 600 px (or 392) when the content does. Then saves a screenshot of
 * the popup at its content's height, the size Chrome would give it.
 */
async function fitsAndShoot(popup: Page, name: string): Promise<void> {
  const size = await popup.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    content: Math.ceil(document.body.getBoundingClientRect().height),
  }));
  expect(size.scrollHeight, `${name}: document height`).toBeLessThanOrEqual(POPUP_SIZE.height);
  expect(size.content, `${name}: content height`).toBeLessThanOrEqual(POPUP_SIZE.height);
  expect(size.scrollWidth, `${name}: document width`).toBeLessThanOrEqual(POPUP_SIZE.width);
  await screenshot(popup, name, { height: size.content });
}

describe("popup", () => {
  let fixture: StreamFixture;
  let browser: ExtensionBrowser;
  let driver: ExtensionDriver;
  let sitePage: Page;
  let siteTabId: number;
  /** The player page's site: a loopback HTTP server of its own (the stream is on another port). */
  let site: string;
  let pageServer: Server;

  const openPopup = () => openPage(browser, `popup.html?tabId=${String(siteTabId)}`, POPUP_SIZE);

  beforeAll(async () => {
    fixture = await startStreamFixture({ seconds: 8 });
    browser = await launchUi();
    driver = new ExtensionDriver(browser.worker);
    await driver.preset(fixture.settings, []);
    pageServer = createServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><p>player</p>");
    });
    await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
    site = `http://127.0.0.1:${String((pageServer.address() as AddressInfo).port)}`;
    sitePage = await browser.context.newPage();
    const url = `${site}/player.html`;
    await sitePage.goto(url);
    siteTabId = await driver.tabIdOf(url);
  });

  afterAll(async () => {
    await browser.close();
    await fixture.close();
    await new Promise((resolve) => pageServer.close(resolve));
  });

  it("without consent shows the explanation and the way to the welcome page, no switches", async () => {
    await removeStorage(browser.worker, STORAGE_KEYS.consent);
    const popup = await openPopup();
    const button = popup.getByRole("button", { name: "Review and accept" });
    await button.waitFor();
    expect(await popup.locator("main").innerText()).toContain("Nothing is shared until you");
    expect(await popup.getByRole("switch").count()).toBe(0);
    await fitsAndShoot(popup, "popup-no-consent");
    const opened = browser.context.waitForEvent("page");
    await button.click();
    const welcome = await opened;
    await welcome.waitForLoadState();
    expect(welcome.url()).toMatch(/\/tabs\/welcome\.html$/);
    await welcome.close();
  });

  it("on a tab that is no website: says so, with no site switch, tiles or chart", async () => {
    await writeStorage(browser.worker, { [STORAGE_KEYS.consent]: { acceptedAt: Date.now() } });
    // Without ?tabId= the popup is about the active tab: its own, an extension page.
    const popup = await openPage(browser, "popup.html", POPUP_SIZE);
    await statusOf(popup, "not-website").waitFor();
    expect(await statusOf(popup, "not-website").innerText()).toContain("not a website");
    expect(await popup.getByRole("switch", { name: /Share video on this site/ }).count()).toBe(0);
    await expectNoStats(popup);
    await fitsAndShoot(popup, "popup-not-website");
    await popup.close();
  });

  it("the site switch stores the site and offers to reload the tab", async () => {
    await writeStorage(browser.worker, { [STORAGE_KEYS.consent]: { acceptedAt: Date.now() } });
    const popup = await openPopup();
    const host = new URL(site).host;
    await popup.getByText(host, { exact: true }).waitFor();
    const siteSwitch = popup.getByRole("switch", { name: /Share video on this site/ });
    expect(await siteSwitch.isChecked()).toBe(false);
    await statusOf(popup, "site-off").waitFor();
    await expectNoStats(popup);
    await fitsAndShoot(popup, "popup-site-off");

    // A real click (a user gesture): the popup asks for the site's host permission, which the
    // test build has pre-granted for 127.0.0.1, so Chromium answers without a prompt.
    await siteSwitch.click();
    await waitFor(
      async () =>
        JSON.stringify(await readStorage(browser.worker, STORAGE_KEYS.enabledSites)) ===
        JSON.stringify([site]),
      5000,
      "the site to be stored",
    );
    // The switch follows once the background's reply reaches the popup (after storage changed).
    await expect.poll(() => siteSwitch.isChecked(), { timeout: 15_000 }).toBe(true);
    // On, but the engine serves nothing for the tab yet: waiting, still no tiles.
    await statusOf(popup, "waiting").waitFor();
    await expectNoStats(popup);
    const reload = popup.getByRole("button", { name: "Reload page" });
    await reload.waitFor();
    expect(await popup.getByRole("status").innerText()).toContain("Reload the page to apply");
    // The fullest state: the reload hint under the site switch, with the stats and totals cards.
    await fitsAndShoot(popup, "popup-site-on-reload-hint");

    const reloaded = sitePage.waitForEvent("load");
    await reload.click();
    await reloaded;

    await siteSwitch.click();
    await waitFor(
      async () =>
        JSON.stringify(await readStorage(browser.worker, STORAGE_KEYS.enabledSites)) === "[]",
      5000,
      "the site to be removed",
    );
    await popup.close();
  });

  it("the global switches change the stored settings and keep the others", async () => {
    const popup = await openPopup();
    const useP2P = popup.getByRole("switch", { name: /Exchange with viewers/ });
    const consumeOnly = popup.getByRole("switch", { name: /Download only/ });
    await useP2P.waitFor();
    await expect.poll(() => useP2P.isChecked(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => consumeOnly.isChecked(), { timeout: 15_000 }).toBe(false);
    const settings = () =>
      readStorage(browser.worker, STORAGE_KEYS.settings) as Promise<Record<string, unknown>>;

    await consumeOnly.click();
    await waitFor(async () => (await settings()).consumeOnly === true, 5000, "consumeOnly");
    expect(await settings()).toMatchObject(fixture.settings);

    await useP2P.click();
    await waitFor(async () => (await settings()).useP2P === false, 5000, "useP2P off");
    // The switches follow the background's reply (they are only disabled while it is awaited).
    await expect.poll(() => useP2P.isChecked(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => consumeOnly.isDisabled(), { timeout: 15_000 }).toBe(true);
    await fitsAndShoot(popup, "popup-p2p-off");

    await useP2P.click();
    await waitFor(async () => !("useP2P" in (await settings())), 5000, "useP2P back to default");
    await consumeOnly.click();
    await waitFor(async () => !("consumeOnly" in (await settings())), 5000, "consumeOnly default");
    expect(await settings()).toEqual(fixture.settings);
    await popup.close();
  });

  it("shows the stats ui/get-stats returns for the tab, with the chart", async () => {
    // Totals from an earlier engine run (another browser session): the popup adds this run's.
    const earlier: ByteCounts = {
      httpBytes: 4_000_000,
      p2pBytes: 21_000_000,
      uploadedBytes: 9_000_000,
    };
    const record: TotalsRecord = {
      since: Date.UTC(2025, 0, 15),
      overall: plus(earlier, { httpBytes: 1_000_000, p2pBytes: 2_000_000, uploadedBytes: 0 }),
      sites: {
        [site]: earlier,
        "https://other.example": { httpBytes: 1_000_000, p2pBytes: 2_000_000, uploadedBytes: 0 },
      },
      seen: { run: "an-earlier-run", sites: {} },
    };
    await writeStorage(browser.worker, {
      [STORAGE_KEYS.enabledSites]: [site],
      [STORAGE_KEYS.totals]: record,
    });
    const popup = await openPopup();
    await statusOf(popup, "waiting").waitFor();
    await expectNoStats(popup);
    await fitsAndShoot(popup, "popup-stats-empty");

    // The engine fetches the stream for the tab, through the tab's page (its relay, injected
    // once the page loads again with the site enabled).
    await driver.waitForPageScripts(`${site}/*`);
    await sitePage.reload();
    const reply = await PageFrame.of(sitePage).relay({
      type: "relay/load",
      swarmId: "popup-stats",
      segments: fixture.queue,
    });
    expect(reply).toMatchObject({ ok: true });
    await waitFor(
      async () => ((await driver.stats(siteTabId))?.httpBytes ?? 0) > 0,
      20_000,
      "HTTP bytes in the tab's stats",
    );

    const shown = () =>
      popup
        .locator("[data-stat]")
        .evaluateAll((cells): Record<string, string> =>
          Object.fromEntries(
            cells.map((cell) => [
              cell.getAttribute("data-stat") ?? "",
              cell.querySelector("dd")?.textContent ?? "",
            ]),
          ),
        );
    let last = "";
    await waitFor(
      async () => {
        const answer = (await sendFromPage(popup, { type: "ui/get-stats", tabId: siteTabId })) as {
          stats?: TabStats;
        };
        if (answer.stats === undefined) return false;
        const want = expectedTiles(answer.stats);
        const got = await shown();
        last = JSON.stringify({ want, got });
        return JSON.stringify(got) === JSON.stringify(want);
      },
      10_000,
      "the popup to show what ui/get-stats returns",
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${last}`);
    });
    expect((JSON.parse(last) as { got: { http: string } }).got.http).not.toBe("0 B");
    // The status line says what the same stats say: viewers connected, bytes saved.
    await waitFor(
      async () => {
        const answer = (await sendFromPage(popup, { type: "ui/get-stats", tabId: siteTabId })) as {
          stats?: TabStats;
        };
        if (answer.stats === undefined) return false;
        const text = await statusOf(popup, "sharing").innerText();
        last = JSON.stringify({ text, stats: answer.stats });
        const { peers, p2pBytes } = answer.stats;
        return peers === 0
          ? text.includes("no other viewers") &&
              (p2pBytes === 0 || text.includes(formatBytes(p2pBytes)))
          : text.includes(`Sharing with ${String(peers)} viewer`) &&
              text.includes(`saved ${formatBytes(p2pBytes)}`);
      },
      10_000,
      "the status line to match ui/get-stats",
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${last}`);
    });
    await waitFor(
      async () => (await popup.locator(".chart path").count()) === 2,
      5000,
      "the chart's two lines",
    );
    await expectTotals(popup, record);
    await fitsAndShoot(popup, "popup-stats");

    // The offscreen document closes: the totals stay (stored), and are not counted again.
    const before = await totalsOf(popup);
    await driver.killEngineDocument();
    await waitFor(async () => !(await driver.state()).running, 5000, "the engine to stop");
    expect(await totalsOf(popup)).toEqual(before);
    await popup.close();
  });

  /** The background's answer to ui/get-totals for the site. */
  const totalsOf = async (popup: Page): Promise<TotalsView> =>
    ((await sendFromPage(popup, { type: "ui/get-totals", site })) as { totals: TotalsView }).totals;

  /**
   * Waits until the popup shows the stored totals plus the engine's own counters for this run
   * (engine/status), and the background's answer and, once written, storage hold exactly that.
   */
  async function expectTotals(popup: Page, earlier: TotalsRecord): Promise<void> {
    let last = "";
    await waitFor(
      async () => {
        const status = await driver.engineStatus();
        if (!status.ok) return false;
        const counted = status.totals.sites.find((entry) => entry.site === site);
        if (counted === undefined || counted.httpBytes === 0) return false;
        const wantSite = plus(earlier.sites[site] ?? ZERO, counted);
        const wantAll = status.totals.sites.reduce(plus, earlier.overall);
        const want: Record<string, string> = {};
        for (const [row, key] of Object.entries(ROWS)) {
          want[`site-${row}`] = formatBytes(wantSite[key]);
          want[`all-${row}`] = formatBytes(wantAll[key]);
        }
        const got = await popup
          .locator("[data-total]")
          .evaluateAll((cells): Record<string, string> =>
            Object.fromEntries(
              cells.map((cell) => [cell.getAttribute("data-total") ?? "", cell.textContent]),
            ),
          );
        const answer = await totalsOf(popup);
        const exact = { site: answer.site, all: answer.overall };
        last = JSON.stringify({ want, got, exact, wantSite, wantAll });
        return (
          isDeepStrictEqual(got, want) && isDeepStrictEqual(exact, { site: wantSite, all: wantAll })
        );
      },
      15_000,
      "the popup's totals to be the stored ones plus the engine's counters",
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${last}`);
    });
    // Written to chrome.storage.local (throttled; flushed here so the test need not wait).
    const answer = await totalsOf(popup);
    await browser.worker.evaluate(() =>
      (
        globalThis as unknown as { p2pvBackground: { flushTotals(): Promise<void> } }
      ).p2pvBackground.flushTotals(),
    );
    const stored = (await readStorage(browser.worker, STORAGE_KEYS.totals)) as TotalsRecord;
    expect(stored.overall).toEqual(answer.overall);
    expect(stored.sites[site]).toEqual(answer.site);
    expect(stored.since).toBe(earlier.since);
  }
});

/** The status line, when it shows `kind` (tab-status.ts). */
const statusOf = (popup: Page, kind: string) => popup.locator(`[data-status="${kind}"]`);

/** No tiles and no chart: they do not apply. */
async function expectNoStats(popup: Page): Promise<void> {
  expect(await popup.locator("[data-stat]").count()).toBe(0);
  expect(await popup.locator(".chart").count()).toBe(0);
}

const ZERO: ByteCounts = { httpBytes: 0, p2pBytes: 0, uploadedBytes: 0 };

const plus = (a: ByteCounts, b: ByteCounts): ByteCounts => ({
  httpBytes: a.httpBytes + b.httpBytes,
  p2pBytes: a.p2pBytes + b.p2pBytes,
  uploadedBytes: a.uploadedBytes + b.uploadedBytes,
});

const ROWS = { p2p: "p2pBytes", http: "httpBytes", uploaded: "uploadedBytes" } as const;
