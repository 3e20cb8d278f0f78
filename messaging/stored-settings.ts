/**
 * The core settings a user (or a tester) can store: the data-only part of the core's Settings.
 * Functions (segmentValidator, xhrSetup, segmentUrlBuilder) and segmentsStorage cannot be stored
 * and are the engine's to set. Validated with the core's own resolveSettings, so a stored value
 * always resolves.
 */
import * as z from "zod/mini";
import { resolveSettings, SettingsError, type Settings } from "../core/settings";

/** Settings that only code can provide; refused in stored settings. */
export const CODE_ONLY_SETTINGS = [
  "segmentValidator",
  "xhrSetup",
  "segmentUrlBuilder",
  "segmentsStorage",
] as const;

type CodeOnly = (typeof CODE_ONLY_SETTINGS)[number];

/** What chrome.storage.local holds under STORAGE_KEYS.settings. */
export type StoredSettings = Partial<Omit<Settings, CodeOnly>>;

export const storedSettingsSchema = z.pipe(
  z.record(z.string(), z.unknown(), "Settings must be an object").check(
    z.superRefine((value, context) => {
      for (const key of CODE_ONLY_SETTINGS) {
        if (key in value) context.addIssue({ code: "custom", message: `${key} cannot be stored` });
      }
      try {
        resolveSettings(value);
      } catch (error) {
        const message = error instanceof SettingsError ? error.message : String(error);
        context.addIssue({ code: "custom", message });
      }
    }),
  ),
  z.transform((value: Record<string, unknown>) => value as StoredSettings),
);

/** Keys in chrome.storage.local. */
export const STORAGE_KEYS = {
  /** StoredSettings: core settings over the defaults. */
  settings: "p2pv.settings",
  /** string[]: origins (scheme://host[:port]) the user switched the extension on for. */
  enabledSites: "p2pv.enabledSites",
  /** Consent: { acceptedAt: epoch ms } once the viewer accepted sharing; absent before. */
  consent: "p2pv.consent",
  /** Mode: "per-site" (default: only enabledSites) or "everywhere" (every http(s) site). */
  mode: "p2pv.mode",
  /** TotalsRecord (messaging/lifetime-totals.ts): bytes counted since install or reset. */
  totals: "p2pv.totals",
  /**
   * Embeds: per enabled site, the origins of the frames on its pages whose video the viewer
   * also shares there (a video platform's player embedded in a news site). Only in those frames,
   * and only on that site's pages: background/relay-handler.ts checks the tab's top site.
   */
  embeds: "p2pv.embeds",
} as const;

/** What STORAGE_KEYS.consent holds once the viewer accepted; nothing is shared before. */
export const consentSchema = z.strictObject({ acceptedAt: z.int().check(z.nonnegative()) });
export type Consent = z.infer<typeof consentSchema>;

/** Where the extension runs: the sites the viewer enabled one by one, or every site. */
export const modeSchema = z.enum(["per-site", "everywhere"]);
export type Mode = z.infer<typeof modeSchema>;
export const DEFAULT_MODE: Mode = "per-site";

/** An origin as the browser reports it: scheme://host[:port], http(s) only. */
export const siteSchema = z.string().check(
  z.maxLength(2048),
  z.refine((value) => {
    try {
      const url = new URL(value);
      // A "*" is a valid host character to the URL parser, and a wildcard in a match pattern
      // or a permission request (`https://*/*` is every https site): never a site.
      return (
        (url.protocol === "http:" || url.protocol === "https:") &&
        url.origin === value &&
        !url.hostname.includes("*")
      );
    } catch {
      return false;
    }
  }, "expected an http(s) origin such as https://video.example"),
);

export const enabledSitesSchema = z.array(siteSchema).check(z.maxLength(10_000));

/** Frames of other origins a site may embed whose video is shared there (STORAGE_KEYS.embeds). */
export const MAX_EMBEDS_PER_SITE = 20;

export const embedsSchema = z.record(
  siteSchema,
  z.array(siteSchema).check(z.maxLength(MAX_EMBEDS_PER_SITE)),
);
export type Embeds = z.infer<typeof embedsSchema>;
