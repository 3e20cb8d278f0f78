/** Settings and per-site enablement in chrome.storage.local (validated on the way in and out). */
import browser from "webextension-polyfill";
import {
  consentSchema,
  DEFAULT_MODE,
  embedsSchema,
  enabledSitesSchema,
  MAX_EMBEDS_PER_SITE,
  modeSchema,
  STORAGE_KEYS,
  storedSettingsSchema,
  type Consent,
  type Embeds,
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

/**
 * Switches a site on or off. Off, the players it embedded are forgotten with it: switched on
 * again, the popup offers them anew (their host permission may be gone by then).
 */
export async function setSiteEnabled(site: string, enabled: boolean): Promise<string[]> {
  const sites = new Set(await readEnabledSites());
  if (enabled) sites.add(site);
  else sites.delete(site);
  const list = [...sites].sort();
  const embeds = await readEmbeds();
  await browser.storage.local.set({
    [STORAGE_KEYS.enabledSites]: list,
    ...(enabled || !(site in embeds) ? {} : { [STORAGE_KEYS.embeds]: withoutSite(embeds, site) }),
  });
  return list;
}

const withoutSite = (embeds: Embeds, site: string): Embeds =>
  Object.fromEntries(Object.entries(embeds).filter(([other]) => other !== site));

export async function readEmbeds(): Promise<Embeds> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.embeds);
  const parsed = embedsSchema.safeParse(stored[STORAGE_KEYS.embeds] ?? {});
  return parsed.success ? parsed.data : {};
}

/**
 * Adds or removes `frame` among the players whose video is shared on `site`'s pages; refused
 * past MAX_EMBEDS_PER_SITE for one site, and for a frame of the site itself.
 */
export async function setEmbed(site: string, frame: string, enabled: boolean): Promise<Embeds> {
  if (frame === site) throw new Error("a site's own frames need no embed");
  const embeds = await readEmbeds();
  const frames = new Set(embeds[site] ?? []);
  if (enabled) frames.add(frame);
  else frames.delete(frame);
  if (frames.size > MAX_EMBEDS_PER_SITE) {
    throw new Error(`at most ${String(MAX_EMBEDS_PER_SITE)} embedded players per site`);
  }
  const next: Embeds =
    frames.size === 0 ? withoutSite(embeds, site) : { ...embeds, [site]: [...frames].sort() };
  await browser.storage.local.set({ [STORAGE_KEYS.embeds]: next });
  return next;
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
