/**
 * Popup/options -> background. Only extension pages may send these (the background checks the
 * sender's origin); validated anyway, because a page bug must not store a setting the engine
 * cannot resolve.
 */
import * as z from "zod/mini";
import type { CacheUsage } from "../core/storage/segments-storage";
import type { TabStats } from "./engine-to-background";
import type { TotalsView } from "./lifetime-totals";
import {
  modeSchema,
  siteSchema,
  storedSettingsSchema,
  type Consent,
  type Embeds,
  type Mode,
  type StoredSettings,
} from "./stored-settings";

export const uiToBackgroundSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ui/get-settings") }),
  /** Replaces the stored core settings (validated with the core's resolveSettings). */
  z.strictObject({ type: z.literal("ui/set-settings"), settings: storedSettingsSchema }),
  z.strictObject({ type: z.literal("ui/list-sites") }),
  z.strictObject({ type: z.literal("ui/set-site"), site: siteSchema, enabled: z.boolean() }),
  /** Shares (or stops sharing) the video of `frame`'s players embedded in `site`'s pages. */
  z.strictObject({
    type: z.literal("ui/set-embed"),
    site: siteSchema,
    frame: siteSchema,
    enabled: z.boolean(),
  }),
  z.strictObject({ type: z.literal("ui/get-stats"), tabId: z.int() }),
  /** Everything the popup, options and welcome pages show: consent, mode, sites, settings. */
  z.strictObject({ type: z.literal("ui/get-state") }),
  /** accepted: true stores { acceptedAt: now }; false withdraws consent (removes it). */
  z.strictObject({ type: z.literal("ui/set-consent"), accepted: z.boolean() }),
  z.strictObject({ type: z.literal("ui/set-mode"), mode: modeSchema }),
  /** Core settings back to the defaults (sites, mode and consent are kept). */
  z.strictObject({ type: z.literal("ui/reset") }),
  /** Lifetime totals: overall, and the given site's own. */
  z.strictObject({ type: z.literal("ui/get-totals"), site: z.optional(siteSchema) }),
  /** Lifetime totals back to zero (bytes counted before never come back). */
  z.strictObject({ type: z.literal("ui/reset-totals") }),
  /** What the segment cache holds over every site (starts the engine if need be). */
  z.strictObject({ type: z.literal("ui/get-cache") }),
  /** Empties the segment cache of every site; replies what is left (segments being stored). */
  z.strictObject({ type: z.literal("ui/clear-cache") }),
]);

export type UiToBackgroundMessage = z.infer<typeof uiToBackgroundSchema>;

export type BackgroundToUiReply =
  | { ok: true; type: "settings"; settings: StoredSettings }
  | { ok: true; type: "sites"; sites: string[] }
  | { ok: true; type: "stats"; stats: TabStats | undefined }
  | { ok: true; type: "state"; state: UiState }
  | { ok: true; type: "totals"; totals: TotalsView }
  | { ok: true; type: "cache"; cache: CacheUsage }
  | { ok: false; error: string };

/** The reply to ui/get-state, ui/set-consent, ui/set-mode and ui/set-embed. */
export interface UiState {
  consent: Consent | undefined;
  mode: Mode;
  sites: string[];
  embeds: Embeds;
  settings: StoredSettings;
}

export type UiMessageType = UiToBackgroundMessage["type"];
