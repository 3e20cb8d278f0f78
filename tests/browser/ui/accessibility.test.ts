/**
 * axe-core (WCAG 2 A and AA rules) on every page the extension shows: the first-run page before
 * and after consent, the popup, the options page with "Advanced" open, the privacy policy. No
 * serious or critical violation is allowed; the others are printed.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { launchUi, openPage, sendFromPage } from "./ui-support";

async function violations(page: Page, name: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (violation) =>
      `${name}: ${violation.impact ?? "?"} ${violation.id} (${String(violation.nodes.length)}): ${violation.help}`,
  );
  if (summary.length > 0) console.log(summary.join("\n"));
  console.log(`${name}: ${String(results.passes.length)} rules passed`);
  return results.violations.filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
}

describe("accessibility of the extension's pages (axe-core)", () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchUi();
  });

  afterAll(async () => {
    await browser.close();
  });

  it("first-run page, before consent", async () => {
    const page = await openPage(browser, "tabs/welcome.html");
    await page.getByRole("button", { name: "Accept and start sharing" }).waitFor();
    expect(await violations(page, "welcome")).toEqual([]);
    await page.close();
  });

  it("first-run page after consent, popup, options with Advanced open, privacy policy", async () => {
    const welcome = await openPage(browser, "tabs/welcome.html");
    expect(await sendFromPage(welcome, { type: "ui/set-consent", accepted: true })).toMatchObject({
      ok: true,
    });
    await welcome.reload();
    await welcome.getByRole("status", { name: "Sharing accepted" }).waitFor();
    expect(await violations(welcome, "welcome (accepted)")).toEqual([]);

    const popup = await openPage(browser, "popup.html", { width: 392, height: 600 });
    await popup.locator("[data-status]").waitFor();
    expect(await violations(popup, "popup")).toEqual([]);

    const options = await openPage(browser, "options.html");
    await options.locator("details").first().waitFor();
    await options.locator("details > summary").first().click();
    expect(await violations(options, "options")).toEqual([]);

    const privacy = await openPage(browser, "tabs/privacy.html");
    await privacy.getByRole("heading", { level: 1 }).waitFor();
    expect(await violations(privacy, "privacy")).toEqual([]);
  });
});
