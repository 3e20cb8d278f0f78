/**
 * The UI in German: Chromium started with --lang=de (Playwright's `locale`, which would otherwise
 * pass --lang=en-US) and LANGUAGE=de, LANG=LC_ALL=de_DE.UTF-8 (Chromium on Linux reads its UI
 * language from the environment; Debian ships the other languages in chromium-l10n, which
 * scripts/setup.sh installs) shows the popup, options, welcome and privacy pages from
 * locales/de/messages.json: `<html lang="de" dir="ltr">`, known German strings, no English
 * message left on the page (a key missing in German would fall back to English) and no empty
 * heading, button or label (a key missing everywhere gives ""). Numbers follow German
 * conventions (8.589,934 rather than 8,589.934).
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";
import { openPage, screenshot, writeStorage } from "./ui-support";

type Messages = Record<string, { message: string }>;
const read = (lang: string) =>
  JSON.parse(readFileSync(`locales/${lang}/messages.json`, "utf8")) as Messages;
const english = read("en");
const german = read("de");

/**
 * English messages that must not appear on a German page: those German words differently, long
 * enough not to be part of other text by chance, without placeholders (substituted text differs).
 */
const ENGLISH_ONLY = Object.entries(english)
  .map(([key, { message }]) => ({ key, message }))
  .filter(
    ({ key, message }) =>
      german[key]?.message !== message && message.length >= 10 && !message.includes("$"),
  );

/** `policy`: the page carries the English policy (PRIVACY.md), so English text is expected on it. */
async function expectGerman(page: Page, name: string, policy = false): Promise<string> {
  await page.locator("main").waitFor();
  const root = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
  }));
  expect(root, name).toEqual({ lang: "de", dir: "ltr" });
  const text = await page.locator("body").innerText();
  if (!policy) {
    const left = ENGLISH_ONLY.filter(({ message }) => text.includes(message)).map(({ key }) => key);
    expect(left, `${name}: English messages on the page`).toEqual([]);
  }
  const empty = await page
    .locator("h1, h2, h3, button, label, legend, dt, th[scope]")
    .evaluateAll((elements) =>
      elements.filter((element) => element.textContent.trim() === "").map((e) => e.outerHTML),
    );
  expect(empty, `${name}: elements without text`).toEqual([]);
  return text;
}

describe("the UI in German", () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchWithExtension(TEST_EXTENSION_DIR, {
      locale: "de",
      env: { LANGUAGE: "de", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8" },
    });
  });

  afterAll(async () => {
    await browser.close();
  });

  it("welcome page", async () => {
    const page = await openPage(browser, "tabs/welcome.html");
    await page.getByRole("button", { name: "Zustimmen und mit dem Teilen beginnen" }).waitFor();
    const text = await expectGerman(page, "welcome");
    expect(text).toContain("Willkommen bei PeerCast Video");
    expect(text).toContain("Ihre IP-Adresse ist sichtbar");
    expect(text).toContain("Datenschutzerklärung");
    await screenshot(page, "german-welcome");
    await page.close();
  });

  it("popup, before and after consent", async () => {
    const popupSize = { width: 392, height: 600 };
    let popup = await openPage(browser, "popup.html", popupSize);
    await popup.getByRole("button", { name: "Lesen und zustimmen" }).waitFor();
    await expectGerman(popup, "popup without consent");
    await popup.close();

    await writeStorage(browser.worker, { [STORAGE_KEYS.consent]: { acceptedAt: Date.now() } });
    popup = await openPage(browser, "popup.html", popupSize);
    await popup.locator('[data-status="not-website"]').waitFor();
    await popup.locator("[data-total]").first().waitFor();
    await popup.getByText("Bisher gespart").waitFor();
    const text = await expectGerman(popup, "popup");
    expect(text).toContain("Dieser Tab ist keine Website");
    expect(text).toContain("Einstellungen");
    expect(text).toContain("Mit Zuschauern austauschen");
    await screenshot(popup, "german-popup");
    await popup.close();
  });

  it("options page, Advanced open", async () => {
    const page = await openPage(browser, "options.html");
    await page.getByRole("button", { name: "Cache leeren" }).waitFor();
    await page.locator("summary").click();
    await page.locator('[data-setting="trackerAnnounce"]').waitFor();
    const text = await expectGerman(page, "options");
    expect(text).toContain("PeerCast Video – Einstellungen");
    expect(text).toContain("Cache-Größe");
    expect(text).toContain("Erweitert");
    expect(text).toContain("Standard: 300 s.");
    // The upload limit's maximum, with German separators.
    expect(await page.locator('[data-bounds="p2pMaxUploadSpeed"]').innerText()).toContain(
      "8.589,934 Mbit/s",
    );
    await screenshot(page, "german-options");
    await page.close();
  });

  it("privacy page: English text, said so in German", async () => {
    const page = await openPage(browser, "tabs/privacy.html");
    const text = await expectGerman(page, "privacy", true);
    expect(text).toContain("Diese Datenschutzerklärung liegt nur auf Englisch vor");
    await page.close();
  });
});
