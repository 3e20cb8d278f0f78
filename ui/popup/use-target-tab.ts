import { useEffect, useState } from "react";
import browser from "webextension-polyfill";
import { siteSchema } from "../../messaging/stored-settings";

export interface TargetTab {
  tabId: number | undefined;
  /** The tab's origin when it shows an http(s) page the extension can read; else undefined. */
  site: string | undefined;
}

/** The tab id named in the page's query (?tabId=7), for a popup opened in a tab of its own. */
function tabIdFromQuery(): number | undefined {
  const value = new URLSearchParams(location.search).get("tabId");
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** The tab the popup is about: the active tab of its window (or ?tabId=), and its site. */
export function useTargetTab(): TargetTab | undefined {
  const [target, setTarget] = useState<TargetTab>();
  useEffect(() => {
    const fromQuery = tabIdFromQuery();
    const lookup =
      fromQuery === undefined
        ? browser.tabs.query({ active: true, currentWindow: true }).then((tabs) => tabs[0])
        : browser.tabs.get(fromQuery);
    void lookup
      .then((tab) => {
        let site: string | undefined;
        try {
          const parsed = siteSchema.safeParse(new URL(tab?.url ?? "").origin);
          site = parsed.success ? parsed.data : undefined;
        } catch {
          site = undefined;
        }
        setTarget({ tabId: tab?.id, site });
      })
      .catch(() => {
        setTarget({ tabId: undefined, site: undefined });
      });
  }, []);
  return target;
}
