/**
 * The popup, opened in a tab of its own and pointed at a real tab with ?tabId= (headless tests
 * cannot click the toolbar button): the consent gate, the site switch, the global switches and
 * the live stats of a tab whose segments the engine really fetched.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TabStats } from "../../../messaging/engine-to-background";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
import { formatBytes } from "../../../ui/format";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";
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

const POPUP_SIZE = { width: 360, height: 600 };

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
    await screenshot(popup, "popup-no-consent");
    const opened = browser.context.waitForEvent("page");
    await button.click();
    const welcome = await opened;
    await welcome.waitForLoadState();
    expect(welcome.url()).toMatch(/\/tabs\/welcome\.html$/);
    await welcome.close();
  });

  it("the site switch stores the site and offers to reload the tab", async () => {
    await writeStorage(browser.worker, { [STORAGE_KEYS.consent]: { acceptedAt: Date.now() } });
    const popup = await openPopup();
    const host = new URL(site).host;
    await popup.getByText(host, { exact: true }).waitFor();
    const siteSwitch = popup.getByRole("switch", { name: /Share video on this site/ });
    expect(await siteSwitch.isChecked()).toBe(false);
    await screenshot(popup, "popup-site-off");

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
    await expect.poll(() => siteSwitch.isChecked(), { timeout: 5000 }).toBe(true);
    const reload = popup.getByRole("button", { name: "Reload page" });
    await reload.waitFor();
    expect(await popup.getByRole("status").innerText()).toContain("Reload the page to apply");
    await screenshot(popup, "popup-site-on-reload-hint");

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
    const useP2P = popup.getByRole("switch", { name: /Use peers/ });
    const consumeOnly = popup.getByRole("switch", { name: /Download only/ });
    await useP2P.waitFor();
    await expect.poll(() => useP2P.isChecked(), { timeout: 5000 }).toBe(true);
    await expect.poll(() => consumeOnly.isChecked(), { timeout: 5000 }).toBe(false);
    const settings = () =>
      readStorage(browser.worker, STORAGE_KEYS.settings) as Promise<Record<string, unknown>>;

    await consumeOnly.click();
    await waitFor(async () => (await settings()).consumeOnly === true, 5000, "consumeOnly");
    expect(await settings()).toMatchObject(fixture.settings);

    await useP2P.click();
    await waitFor(async () => (await settings()).useP2P === false, 5000, "useP2P off");
    await expect.poll(() => consumeOnly.isDisabled(), { timeout: 5000 }).toBe(true);
    await screenshot(popup, "popup-p2p-off");

    await useP2P.click();
    await waitFor(async () => !("useP2P" in (await settings())), 5000, "useP2P back to default");
    await consumeOnly.click();
    await waitFor(async () => !("consumeOnly" in (await settings())), 5000, "consumeOnly default");
    expect(await settings()).toEqual(fixture.settings);
    await popup.close();
  });

  it("shows the stats ui/get-stats returns for the tab, with the chart", async () => {
    await writeStorage(browser.worker, { [STORAGE_KEYS.enabledSites]: [site] });
    const popup = await openPopup();
    await popup.getByText("No shared video on this tab yet.").waitFor();
    await screenshot(popup, "popup-stats-empty");

    // The engine fetches the stream for the tab (the relay's load, sent as the tab's frame).
    const reply = await driver.relay(
      { type: "relay/load", swarmId: "popup-stats", segments: fixture.queue },
      { tabId: siteTabId, frameId: 0, origin: site },
    );
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
    const expected = (stats: TabStats) => {
      const total = stats.httpBytes + stats.p2pBytes;
      return {
        peers: String(stats.peers),
        http: formatBytes(stats.httpBytes),
        p2p: formatBytes(stats.p2pBytes),
        uploaded: formatBytes(stats.uploadedBytes),
        share: total === 0 ? "–" : `${String(Math.round((100 * stats.p2pBytes) / total))}%`,
      };
    };
    let last = "";
    await waitFor(
      async () => {
        const answer = (await sendFromPage(popup, { type: "ui/get-stats", tabId: siteTabId })) as {
          stats?: TabStats;
        };
        if (answer.stats === undefined) return false;
        const want = expected(answer.stats);
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
    await waitFor(
      async () => (await popup.locator(".chart path").count()) === 2,
      5000,
      "the chart's two lines",
    );
    await screenshot(popup, "popup-stats");
    await popup.close();
  });
});
