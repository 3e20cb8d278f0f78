/**
 * The first-run page: it opens on install, stores nothing until the viewer accepts, and then
 * stores the consent and the mode chosen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { waitFor } from "../support/wait-for";
import {
  launchUi,
  openPage,
  readStorage,
  removeStorage,
  screenshot,
  sendFromPage,
} from "./ui-support";

describe("welcome page", () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchUi();
  });

  afterAll(async () => {
    await browser.close();
  });

  it("opens by itself on install", async () => {
    await waitFor(
      () => browser.context.pages().some((page) => page.url().endsWith("/tabs/welcome.html")),
      10_000,
      "the welcome tab",
    );
  });

  it("explains sharing and stores nothing before Accept", async () => {
    const page = await openPage(browser, "tabs/welcome.html");
    await page.getByRole("button", { name: "Accept and start sharing" }).waitFor();
    const text = await page.locator("main").innerText();
    expect(text).toContain("IP address is visible");
    expect(text).toContain("upload bandwidth is used");
    expect(text).toContain("Nothing is shared until you accept");
    expect(await page.getByRole("radio", { name: /Site by site/ }).isChecked()).toBe(true);
    // What leaves the browser, and to whom (PRIVACY.md in short), with the policy a click away.
    expect(text).toContain("trackers learn which video you watch");
    expect(text).toContain("tracker.openwebtorrent.com");
    expect(text).toContain("Google and Twilio");
    await screenshot(page, "welcome-first-run");
    expect(await readStorage(browser.worker, STORAGE_KEYS.consent)).toBeUndefined();
    expect(await readStorage(browser.worker, STORAGE_KEYS.mode)).toBeUndefined();
    await page.close();
  });

  it("Accept with 'Site by site' stores the consent and the mode", async () => {
    const page = await openPage(browser, "tabs/welcome.html");
    const before = Date.now();
    await page.getByRole("button", { name: "Accept and start sharing" }).click();
    const accepted = page.getByRole("status", { name: "Sharing accepted" });
    await accepted.waitFor();
    // What comes next: pin the button, and the shortcut as Chromium assigned it (the manifest's).
    const tips = accepted.getByRole("list", { name: "Tips" });
    await tips.getByText("Alt+Shift+V", { exact: true }).waitFor();
    expect(await tips.textContent()).toContain("pin PeerCast Video");
    await screenshot(page, "welcome-accepted-per-site");
    const consent = (await readStorage(browser.worker, STORAGE_KEYS.consent)) as {
      acceptedAt: number;
    };
    expect(consent.acceptedAt).toBeGreaterThanOrEqual(before);
    expect(consent.acceptedAt).toBeLessThanOrEqual(Date.now());
    expect(await readStorage(browser.worker, STORAGE_KEYS.mode)).toBe("per-site");
    await page.close();
  });

  it("choosing 'Everywhere' asks the browser for all sites and stores nothing while it asks", async () => {
    await removeStorage(browser.worker, STORAGE_KEYS.consent);
    await removeStorage(browser.worker, STORAGE_KEYS.mode);
    const page = await openPage(browser, "tabs/welcome.html");
    await page.getByRole("radio", { name: /Everywhere/ }).check();
    const accept = page.getByRole("button", { name: "Accept and start sharing" });
    await accept.click();
    // The click asked the browser for access to all sites. Headless Chromium shows that prompt
    // to no one, so the request stays pending: the page waits (buttons disabled) and has stored
    // nothing, not even the consent. (The grant itself needs a person; see ui/set-mode below.)
    await waitFor(() => accept.isDisabled(), 5000, "the page to wait for the browser's answer");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await screenshot(page, "welcome-everywhere-asking");
    expect(await readStorage(browser.worker, STORAGE_KEYS.consent)).toBeUndefined();
    expect(await readStorage(browser.worker, STORAGE_KEYS.mode)).toBeUndefined();
    await page.close();
  });

  it("ui/set-mode and ui/set-consent (what Accept sends once access is granted) store both", async () => {
    const page = await openPage(browser, "tabs/welcome.html");
    await page.getByRole("button", { name: "Accept and start sharing" }).waitFor();
    expect(await sendFromPage(page, { type: "ui/set-mode", mode: "everywhere" })).toMatchObject({
      ok: true,
      state: { mode: "everywhere" },
    });
    expect(await readStorage(browser.worker, STORAGE_KEYS.consent)).toBeUndefined();
    const reply = await sendFromPage(page, { type: "ui/set-consent", accepted: true });
    expect(reply).toMatchObject({ ok: true, state: { mode: "everywhere" } });
    expect(await readStorage(browser.worker, STORAGE_KEYS.mode)).toBe("everywhere");
    expect(await readStorage(browser.worker, STORAGE_KEYS.consent)).toMatchObject({
      acceptedAt: expect.any(Number) as number,
    });
    await page.reload();
    await page.getByRole("status", { name: "Sharing accepted" }).waitFor();
    expect(await page.locator("main").innerText()).toContain("Sharing is on for every site");
    await screenshot(page, "welcome-accepted-everywhere");
    expect(await sendFromPage(page, { type: "ui/set-mode", mode: "nowhere" })).toMatchObject({
      ok: false,
    });
    await page.close();
  });

  it("links the privacy policy the extension ships, which names every default third party", async () => {
    await removeStorage(browser.worker, STORAGE_KEYS.consent);
    const page = await openPage(browser, "tabs/welcome.html");
    const link = page.getByRole("link", { name: "privacy policy", exact: true });
    expect(await link.getAttribute("href")).toBe(
      `chrome-extension://${browser.extensionId}/tabs/privacy.html`,
    );
    expect(await page.locator("footer").getByRole("link", { name: "Privacy policy" }).count()).toBe(
      1,
    );
    const opened = browser.context.waitForEvent("page");
    await link.click();
    const policy = await opened;
    await policy.getByRole("heading", { name: "Privacy policy", level: 1 }).waitFor();
    const text = await policy.locator("main").innerText();
    for (const party of [
      "wss://tracker.novage.com.ua",
      "wss://tracker.openwebtorrent.com",
      "stun:stun.l.google.com:19302",
      "stun:global.stun.twilio.com:3478",
    ])
      expect(text).toContain(party);
    expect(await policy.locator("table").count()).toBe(3);
    await screenshot(policy, "privacy-page");
    await policy.close();
    await page.close();
  });
});
