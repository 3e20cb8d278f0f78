/** The viewer's stored choice of sites (messaging/site-access.ts), read from chrome.storage.local. */
import browser from "webextension-polyfill";
import type { SiteAccess } from "../messaging/site-access";
import {
  consentSchema,
  DEFAULT_MODE,
  embedsSchema,
  enabledSitesSchema,
  modeSchema,
  STORAGE_KEYS,
} from "../messaging/stored-settings";

/** The keys whose change changes the access. */
export const SITE_ACCESS_KEYS: readonly string[] = [
  STORAGE_KEYS.consent,
  STORAGE_KEYS.mode,
  STORAGE_KEYS.enabledSites,
  STORAGE_KEYS.embeds,
];

/** Invalid stored values count as absent: no consent, per-site mode, no sites, no embeds. */
export async function readSiteAccess(): Promise<SiteAccess> {
  const stored = await browser.storage.local.get([...SITE_ACCESS_KEYS]);
  const sites = enabledSitesSchema.safeParse(stored[STORAGE_KEYS.enabledSites] ?? []);
  const mode = modeSchema.safeParse(stored[STORAGE_KEYS.mode]);
  const embeds = embedsSchema.safeParse(stored[STORAGE_KEYS.embeds] ?? {});
  return {
    consented: consentSchema.safeParse(stored[STORAGE_KEYS.consent]).success,
    everywhere: (mode.success ? mode.data : DEFAULT_MODE) === "everywhere",
    sites: sites.success ? sites.data : [],
    embeds: embeds.success ? embeds.data : {},
  };
}
