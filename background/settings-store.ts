/** Settings and per-site enablement in chrome.storage.local (validated on the way in and out). */
import browser from "webextension-polyfill";
import {
  enabledSitesSchema,
  STORAGE_KEYS,
  storedSettingsSchema,
  type StoredSettings,
} from "../messaging/stored-settings";

/** The stored core settings; invalid stored values count as none (defaults). */
export async function readSettings(): Promise<StoredSettings> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.settings);
  const parsed = storedSettingsSchema.safeParse(stored[STORAGE_KEYS.settings] ?? {});
  return parsed.success ? parsed.data : {};
}

export async function writeSettings(settings: StoredSettings): Promise<void> {
  await browser.storage.local.set({
    [STORAGE_KEYS.settings]: storedSettingsSchema.parse(settings),
  });
}

/** Origins the user enabled; none by default. */
export async function readEnabledSites(): Promise<string[]> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.enabledSites);
  const parsed = enabledSitesSchema.safeParse(stored[STORAGE_KEYS.enabledSites] ?? []);
  return parsed.success ? parsed.data : [];
}

export async function setSiteEnabled(site: string, enabled: boolean): Promise<string[]> {
  const sites = new Set(await readEnabledSites());
  if (enabled) sites.add(site);
  else sites.delete(site);
  const list = [...sites].sort();
  await browser.storage.local.set({ [STORAGE_KEYS.enabledSites]: list });
  return list;
}
