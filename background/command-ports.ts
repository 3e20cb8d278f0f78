/** The browser's side of the keyboard shortcut's handler (background/site-command.ts). */
import browser from "webextension-polyfill";
import type { SiteAccess } from "../messaging/site-access";
import { t } from "../ui/i18n";
import { WELCOME_PAGE } from "../ui/pages";
import { setSiteEnabled } from "./settings-store";
import type { SiteCommandPorts } from "./site-command";

/** How long the shortcut's "ON"/"OFF" stays on the toolbar button (the share % comes back). */
const FLASH_MS = 2000;

export function browserCommandPorts(
  access: () => SiteAccess | undefined,
  pattern: (site: string) => string,
  /** The badge the stats board last set for a tab (StatsBoard.badgeText), put back after. */
  badgeOf: (tabId: number) => string | undefined,
): SiteCommandPorts {
  return {
    access,
    pattern,
    request: (origin) => browser.permissions.request({ origins: [origin] }),
    release: (origin) => browser.permissions.remove({ origins: [origin] }),
    setSiteEnabled,
    openPopup: () => browser.action.openPopup(),
    openWelcome: async () => {
      await browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) });
    },
    flash: (tabId, outcome) => {
      // "ON"/"OFF" in the viewer's language (a badge fits about four characters).
      const text = outcome === "ON" ? t("badgeOn") : t("badgeOff");
      void browser.action.setBadgeText({ tabId, text }).catch(() => undefined);
      setTimeout(() => {
        void browser.action
          .getBadgeText({ tabId })
          // The board skips a text equal to the one it last set: put that back, not "", or the
          // share % stays blank until it changes.
          .then((now) =>
            now === text
              ? browser.action.setBadgeText({ tabId, text: badgeOf(tabId) ?? "" })
              : null,
          )
          .catch(() => undefined);
      }, FLASH_MS);
    },
  };
}
