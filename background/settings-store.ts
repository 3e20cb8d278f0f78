/** Settings and per-site enablement in chrome.storage.local (validated on the way in and out). */
import browser from "webextension-polyfill";
import {
  consentSchema,
  DEFAULT_MODE,
  enabledSitesSchema,
  modeSchema,
  STORAGE_KEYS,
  storedSettingsSchema,
  type Consent,
  type Mode,
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

/** The viewer's consent to sharing, or undefined before they accepted (or after withdrawing). */
export async function readConsent(): Promise<Consent | undefined> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.consent);
  const parsed = consentSchema.safeParse(stored[STORAGE_KEYS.consent]);
  return parsed.success ? parsed.data : undefined;
}

export async function writeConsent(accepted: boolean, now = Date.now()): Promise<void> {
  if (accepted) await browser.storage.local.set({ [STORAGE_KEYS.consent]: { acceptedAt: now } });
  else await browser.storage.local.remove(STORAGE_KEYS.consent);
}

/** "per-site" unless the viewer chose "everywhere". */
export async function readMode(): Promise<Mode> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.mode);
  const parsed = modeSchema.safeParse(stored[STORAGE_KEYS.mode]);
  return parsed.success ? parsed.data : DEFAULT_MODE;
}

export async function writeMode(mode: Mode): Promise<void> {
  await browser.storage.local.set({ [STORAGE_KEYS.mode]: modeSchema.parse(mode) });
}
