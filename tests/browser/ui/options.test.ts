/**
 * The options page: the viewer's settings first and the rest under a collapsed "Advanced", every
 * storable setting with its default (in the unit shown), bounds and code name, bad values refused
 * with a visible error in the unit shown (and nothing stored), good values stored in the core's
 * units and shown again after a reload, the tracker and STUN/TURN editors, the site list, reset,
 * and export/import. The cache and the engine are in viewer-settings.test.ts.
 */
import { DEFAULT_BYTE_LIMITS } from "../../../core/storage/cache-limits";
import { ENGINE_LIMITS } from "../../../messaging/engine-limits";
import { formatBytes } from "../../../ui/format";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSettings } from "../../../core/settings";
import type { TotalsRecord } from "../../../messaging/lifetime-totals";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
import { displayText, SCALAR_KEYS } from "../../../ui/settings-draft";
import { VIEWER_GROUP } from "../../../ui/setting-help";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { waitFor } from "../support/wait-for";
import {
  launchUi,
  openPage,
  readStorage,
  screenshot,
  SCREENSHOT_DIR,
  writeStorage,
} from "./ui-support";

const LONG_SITE = `https://${"a-very-long-subdomain-name.".repeat(4)}video.example`;

describe("options page", () => {
  let browser: ExtensionBrowser;
  let page: Page;

  const stored = () => readStorage(browser.worker, STORAGE_KEYS.settings);
  const field = (name: string) => page.locator(`[data-setting="${name}"]`);
  const input = (name: string) => field(name).locator("input").first();
  const save = () => page.getByRole("button", { name: "Save", exact: true }).click();
  const advanced = () => page.locator("details.advanced");
  const openAdvanced = async () => {
    if ((await advanced().getAttribute("open")) === null)
      await page.locator("details.advanced > summary").click();
  };
  const status = () => page.getByRole("region", { name: "Save settings" }).getByRole("status");

  /** The running engine's run id (engine/status starts it if need be). */
  const engineRun = async (): Promise<string> => {
    const status = await new ExtensionDriver(browser.worker).engineStatus();
    if (!status.ok) throw new Error(status.error);
    return status.totals.run;
  };

  beforeAll(async () => {
    browser = await launchUi();
    await writeStorage(browser.worker, {
      [STORAGE_KEYS.consent]: { acceptedAt: Date.now() },
      [STORAGE_KEYS.enabledSites]: ["https://tv.example", LONG_SITE],
    });
    page = await openPage(browser, "options.html", { width: 1000, height: 900 });
    await input("cachedSegmentsCount").waitFor({ state: "attached" });
  });

  afterAll(async () => {
    await browser.close();
  });

  it("puts the viewer's settings first and the rest under a collapsed Advanced", async () => {
    expect(await advanced().getAttribute("open")).toBeNull();
    for (const key of VIEWER_GROUP.keys) expect(await input(key).isVisible(), key).toBe(true);
    expect(await input("cachedSegmentsCount").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Clear cache" }).waitFor();
    // Plain units and the schema's bounds, with the code name in small type.
    expect(await field("p2pMaxUploadSpeed").innerText()).toContain("Mbit/s");
    expect(await field("p2pMaxUploadSpeed").locator(".field-key").innerText()).toBe(
      "p2pMaxUploadSpeed",
    );
    expect(await field("cacheMaxBytes").locator("[data-bounds]").innerText()).toContain(
      "200 to 10,000 MB",
    );
    expect(await input("cacheMaxBytes").getAttribute("type")).toBe("number");
    expect(await input("cacheMaxBytes").getAttribute("min")).toBe("200");
    expect(await input("cacheMaxBytes").getAttribute("max")).toBe("10000");
    expect(await input("cacheMaxBytes").inputValue()).toBe("500");
    await screenshot(page, "options-viewer-top", { fullPage: false });
    // The whole page with Advanced closed: what a viewer sees.
    await screenshot(page, "options-collapsed");
    await openAdvanced();
    expect(await input("cachedSegmentsCount").isVisible()).toBe(true);
    expect(await input("cachedSegmentExpiration").inputValue()).toBe("300");
    expect(await field("cachedSegmentExpiration").innerText()).toContain("Default: 300 s");
  });

  it("shows every storable setting with its default and help", async () => {
    await openAdvanced();
    for (const key of SCALAR_KEYS) {
      const text = await field(key).innerText();
      expect(text, key).toContain("Default:");
      const value = defaultSettings[key];
      if (typeof value === "number")
        expect(await input(key).inputValue(), key).toBe(displayText(key, value));
      else expect(await input(key).isChecked(), key).toBe(value);
      expect(await input(key).getAttribute("id"), key).toBeTruthy();
      // Named by its label (accessible name), not only by position.
      expect(await page.getByLabel(new RegExp(key)).count(), key).toBeGreaterThan(0);
    }
    for (const url of defaultSettings.trackerAnnounce)
      await page.getByRole("button", { name: `Remove tracker ${url}` }).waitFor();
    expect(await page.getByLabel("Server 1 URLs").inputValue()).toBe(
      "stun:stun.l.google.com:19302",
    );
    expect(await field("storage").innerText()).toContain("IndexedDB");
    // The fixed limits, with their values (SECURITY.md).
    const limit = (id: string) => page.locator(`[data-limit="${id}"] dd`).innerText();
    expect(await limit("swarms-per-site")).toBe(String(ENGINE_LIMITS.swarmsPerSite));
    expect(await limit("cache-site")).toBe(formatBytes(DEFAULT_BYTE_LIMITS.scopeBytes));
    await screenshot(page, "options-defaults");
  });

  it("refuses out-of-bounds viewer values with a message in the unit shown; Advanced opens for its own", async () => {
    await page.reload();
    await input("cacheMaxBytes").waitFor();
    expect(await advanced().getAttribute("open")).toBeNull();
    await input("cacheMaxBytes").fill("10");
    await input("p2pMaxUploadSpeed").fill("9000");
    expect(await field("cacheMaxBytes").getByRole("alert").innerText()).toBe(
      "Must be at least 200 MB",
    );
    expect(await field("p2pMaxUploadSpeed").getByRole("alert").innerText()).toBe(
      "Must be at most 8589.934 Mbit/s",
    );
    await save();
    expect(await status().innerText()).toContain("nothing was saved");
    // Both bad values are in view: Advanced stays closed.
    expect(await advanced().getAttribute("open")).toBeNull();
    await screenshot(page, "options-viewer-errors", { fullPage: false });
    expect(await stored()).toBeUndefined();
    await page.getByRole("button", { name: "Discard changes" }).click();

    // A bad value left under Advanced, then closed: saving opens it, so the error is seen.
    await openAdvanced();
    await input("p2pMaxPeers").fill("0");
    await page.locator("details.advanced > summary").click();
    expect(await advanced().getAttribute("open")).toBeNull();
    await save();
    await expect.poll(() => advanced().getAttribute("open"), { timeout: 15_000 }).not.toBeNull();
    expect(await field("p2pMaxPeers").getByRole("alert").isVisible()).toBe(true);
    expect(await stored()).toBeUndefined();
    await page.getByRole("button", { name: "Discard changes" }).click();
  });

  it("refuses bad values with a visible error next to the field and stores nothing", async () => {
    await openAdvanced();
    await input("cachedSegmentsCount").fill("-1");
    await input("httpDownloadProbability").fill("2");
    // A number input takes no letters: an emptied one is the way to "no number".
    await input("p2pSegmentDownloadTimeout").fill("");
    await page.getByLabel("Tracker URL to add").fill("http://x");
    await page.getByRole("button", { name: "Add tracker" }).click();

    expect(await field("cachedSegmentsCount").getByRole("alert").innerText()).toBe(
      "Must be at least 1 segments",
    );
    expect(await field("httpDownloadProbability").getByRole("alert").innerText()).toBe(
      "Must be at most 1",
    );
    expect(await field("p2pSegmentDownloadTimeout").getByRole("alert").innerText()).toBe(
      "Enter a number",
    );
    expect(await field("trackerAnnounce").getByRole("alert").innerText()).toContain(
      "ws:// or wss://",
    );
    expect(await page.getByRole("button", { name: "Remove tracker http://x" }).count()).toBe(0);
    await save();
    expect(await status().innerText()).toContain("nothing was saved");
    await field("cachedSegmentsCount").scrollIntoViewIfNeeded();
    await screenshot(page, "options-errors");
    await field("httpDownloadProbability").scrollIntoViewIfNeeded();
    await screenshot(page, "options-errors-viewport", { fullPage: false });
    expect(await stored()).toBeUndefined();
    await page.getByRole("button", { name: "Discard changes" }).click();
    await expect
      .poll(() => input("cachedSegmentsCount").inputValue(), { timeout: 15_000 })
      .toBe("30");
  });

  it("a TURN server without credentials is refused", async () => {
    await page.getByRole("button", { name: "Add server" }).click();
    await page.getByLabel("Server 3 URLs").fill("turn:turn.example:3478");
    await save();
    expect(await field("rtcConfig").getByRole("alert").innerText()).toContain(
      "needs a username and a credential",
    );
    expect(await stored()).toBeUndefined();
    await page.getByRole("button", { name: "Remove server 3" }).click();
  });

  it("stores good values and shows them again after a reload", async () => {
    await openAdvanced();
    await input("cachedSegmentsCount").fill("50");
    await input("p2pMaxUploadSpeed").fill("1.5");
    await input("cacheMaxBytes").fill("750");
    await input("httpDownloadProbability").fill("0.25");
    await input("httpUseRanges").check();
    await page.getByLabel("Tracker URL to add").fill("wss://tracker.test");
    await page.getByRole("button", { name: "Add tracker" }).click();
    await page.getByRole("button", { name: "Add server" }).click();
    await page.getByLabel("Server 3 URLs").fill("turn:turn.example:3478");
    await page.getByLabel("Server 3 username").fill("viewer");
    await page.getByLabel("Server 3 credential").fill("secret");
    await save();
    await waitFor(async () => (await status().innerText()) === "Saved.", 5000, "Saved.");
    expect(await stored()).toEqual({
      cachedSegmentsCount: 50,
      // 1.5 Mbit/s and 750 MB, stored in the core's bytes/s and bytes.
      p2pMaxUploadSpeed: 187_500,
      cacheMaxBytes: 750_000_000,
      httpDownloadProbability: 0.25,
      httpUseRanges: true,
      trackerAnnounce: [...defaultSettings.trackerAnnounce, "wss://tracker.test"],
      rtcConfig: {
        iceServers: [
          ...(defaultSettings.rtcConfig.iceServers ?? []),
          { urls: "turn:turn.example:3478", username: "viewer", credential: "secret" },
        ],
      },
    });

    await page.reload();
    await input("cachedSegmentsCount").waitFor({ state: "attached" });
    await openAdvanced();
    expect(await input("cachedSegmentsCount").inputValue()).toBe("50");
    expect(await input("p2pMaxUploadSpeed").inputValue()).toBe("1.5");
    expect(await input("cacheMaxBytes").inputValue()).toBe("750");
    expect(await input("httpDownloadProbability").inputValue()).toBe("0.25");
    expect(await input("httpUseRanges").isChecked()).toBe(true);
    await page.getByRole("button", { name: "Remove tracker wss://tracker.test" }).waitFor();
    expect(await page.getByLabel("Server 3 username").inputValue()).toBe("viewer");
    // What was saved is not a change (storage gives the keys back in another order).
    expect(await status().innerText()).toBe("No unsaved changes");
    await screenshot(page, "options-saved");
  });

  it("exports the saved settings and imports them back after a reset", async () => {
    const before = await stored();
    const download = page.waitForEvent("download");
    await openAdvanced();
    await page.getByRole("button", { name: "Export settings" }).click();
    const file = join(tmpdir(), `p2pv-export-${String(Date.now())}.json`);
    await (await download).saveAs(file);
    const exported = JSON.parse(await readFile(file, "utf8")) as { settings: unknown };
    expect(exported.settings).toEqual(before);

    await page.getByRole("button", { name: "Reset to defaults…" }).click();
    await page
      .getByRole("group", { name: "Confirm reset" })
      .getByRole("button", { name: "Reset" })
      .click();
    await waitFor(async () => JSON.stringify(await stored()) === "{}", 5000, "settings reset");
    // The page shows the defaults once the background's reply arrives (after storage changed).
    await expect
      .poll(() => input("cachedSegmentsCount").inputValue(), { timeout: 15_000 })
      .toBe("30");
    expect(
      await page.getByRole("button", { name: "Remove tracker wss://tracker.test" }).count(),
    ).toBe(0);

    const bad = join(tmpdir(), `p2pv-bad-${String(Date.now())}.json`);
    await writeFile(bad, JSON.stringify({ cachedSegmentsCount: -1 }));
    await page.getByLabel("Import settings…").setInputFiles(bad);
    await page.getByText(/^Not imported:/).waitFor();
    await screenshot(page, "options-import-refused", { fullPage: false });
    expect(await stored()).toEqual({});

    await page.getByLabel("Import settings…").setInputFiles(file);
    await waitFor(
      async () => JSON.stringify(await stored()) === JSON.stringify(before),
      5000,
      "the imported settings",
    );
    await expect
      .poll(() => input("cachedSegmentsCount").inputValue(), { timeout: 15_000 })
      .toBe("50");
  });

  it("removes a site from the list", async () => {
    await page.getByRole("button", { name: "Remove https://tv.example" }).click();
    await waitFor(
      async () =>
        JSON.stringify(await readStorage(browser.worker, STORAGE_KEYS.enabledSites)) ===
        JSON.stringify([LONG_SITE]),
      5000,
      "the site to be removed",
    );
    await page.getByRole("button", { name: `Remove ${LONG_SITE}` }).click();
    await page.getByText("No sites yet.").waitFor();
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await screenshot(page, "options-no-sites");
  });

  it("shows the lifetime totals and resets them to zero after asking", async () => {
    const record: TotalsRecord = {
      since: Date.UTC(2025, 0, 15),
      overall: { httpBytes: 2_500_000, p2pBytes: 12_000_000, uploadedBytes: 3_400_000 },
      sites: {
        "https://tv.example": {
          httpBytes: 2_500_000,
          p2pBytes: 12_000_000,
          uploadedBytes: 3_400_000,
        },
      },
      // The engine's own run (the page started it to show the cache): its pushes, with no bytes
      // counted, leave this watermark as it is.
      seen: { run: await engineRun(), sites: {} },
    };
    await writeStorage(browser.worker, { [STORAGE_KEYS.totals]: record });
    const total = (id: string) => page.locator(`[data-total="all-${id}"] dd`);
    await expect.poll(() => total("p2p").innerText(), { timeout: 15_000 }).toBe("12.0 MB");
    expect(await total("http").innerText()).toBe("2.5 MB");
    expect(await total("uploaded").innerText()).toBe("3.4 MB");
    const section = page.getByRole("region", { name: "Totals so far" });
    await section.screenshot({ path: join(SCREENSHOT_DIR, "options-totals.png") });

    await page.getByRole("button", { name: "Reset totals…" }).click();
    await page
      .getByRole("group", { name: "Confirm resetting the totals" })
      .getByRole("button", { name: "Reset totals" })
      .click();
    await waitFor(
      async () => {
        const stored = (await readStorage(browser.worker, STORAGE_KEYS.totals)) as TotalsRecord;
        return stored.overall.p2pBytes === 0 && stored.since > record.since;
      },
      5000,
      "the totals reset in storage",
    );
    const stored = (await readStorage(browser.worker, STORAGE_KEYS.totals)) as TotalsRecord;
    expect(stored.overall).toEqual({ httpBytes: 0, p2pBytes: 0, uploadedBytes: 0 });
    expect(stored.sites).toEqual({});
    // The watermark stays (bytes counted before the reset never come back): the record's, or
    // that of an engine that started since (the page's cache query restarts one that closed
    // idle, which on a loaded machine happens between two steps here) with nothing counted.
    expect([record.seen.run, await engineRun()]).toContain(stored.seen.run);
    expect(stored.seen.sites).toEqual({});
    await expect.poll(() => total("p2p").innerText(), { timeout: 15_000 }).toBe("0 B");
  });
});
