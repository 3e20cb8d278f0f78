import type { Runtime } from "webextension-polyfill";
import type { EngineClient } from "../messaging/background-to-engine";
import { siteSchema } from "../messaging/stored-settings";

/** MessageSender as Chrome fills it (the polyfill's typings lack `origin`). */
export type BrowserSender = Runtime.MessageSender & { origin?: string };

/**
 * The web page frame a message came from, from what the browser vouches for: the tab, the frame
 * and the frame's origin (sender.origin, else the origin of sender.url). Undefined for anything
 * that is not a frame of a tab showing an http(s) page, e.g. an extension page.
 */
export function clientOf(sender: BrowserSender): EngineClient | undefined {
  const tabId = sender.tab?.id;
  if (tabId === undefined || tabId < 0 || sender.frameId === undefined) return undefined;
  let origin = sender.origin;
  if (origin === undefined && sender.url !== undefined) {
    try {
      origin = new URL(sender.url).origin;
    } catch {
      return undefined;
    }
  }
  const site = siteSchema.safeParse(origin);
  if (!site.success) return undefined;
  const topSite = topSiteOf(sender);
  return {
    tabId,
    frameId: sender.frameId,
    site: site.data,
    ...(topSite === undefined ? {} : { topSite }),
  };
}

/**
 * The site of the page the sender's tab shows (its top frame), when the browser tells: it fills
 * sender.tab.url only where the extension has the host permission, so for a site not switched on
 * this is undefined.
 */
export function topSiteOf(sender: BrowserSender): string | undefined {
  const url = sender.tab?.url;
  if (url === undefined || !URL.canParse(url)) return undefined;
  const site = siteSchema.safeParse(new URL(url).origin);
  return site.success ? site.data : undefined;
}

/** True when the sender is one of this extension's own pages (popup, options, other tabs/). */
export function isExtensionPage(
  sender: BrowserSender,
  extension: { id: string; origin: string },
): boolean {
  if (sender.url === undefined) return false;
  try {
    // protocol + host, not URL.origin: for chrome-extension: URLs that is "null" outside Chrome.
    const url = new URL(sender.url);
    return `${url.protocol}//${url.host}` === extension.origin && sender.id === extension.id;
  } catch {
    return false;
  }
}
