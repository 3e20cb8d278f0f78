/**
 * First run: on install, open the welcome page, which explains what sharing means and asks for
 * consent. Nothing is shared before the viewer accepts there (or in the popup's link to it).
 */
import browser from "webextension-polyfill";
import { WELCOME_PAGE } from "../ui/pages";
import { readConsent } from "./settings-store";

browser.runtime.onInstalled.addListener(({ reason }) => {
  if (reason !== "install") return;
  void readConsent().then(async (consent) => {
    if (consent !== undefined) return;
    await browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) });
  });
});
