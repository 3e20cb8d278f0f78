/**
 * Popup/options -> background. Only extension pages may send these (the background checks the
 * sender's origin); validated anyway, because a page bug must not store a setting the engine
 * cannot resolve.
 */
import { z } from "zod";
import type { TabStats } from "./engine-to-background";
import { siteSchema, storedSettingsSchema, type StoredSettings } from "./stored-settings";

export const uiToBackgroundSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ui/get-settings") }),
  /** Replaces the stored core settings (validated with the core's resolveSettings). */
  z.strictObject({ type: z.literal("ui/set-settings"), settings: storedSettingsSchema }),
  z.strictObject({ type: z.literal("ui/list-sites") }),
  z.strictObject({ type: z.literal("ui/set-site"), site: siteSchema, enabled: z.boolean() }),
  z.strictObject({ type: z.literal("ui/get-stats"), tabId: z.number().int() }),
]);

export type UiToBackgroundMessage = z.infer<typeof uiToBackgroundSchema>;

export type BackgroundToUiReply =
  | { ok: true; type: "settings"; settings: StoredSettings }
  | { ok: true; type: "sites"; sites: string[] }
  | { ok: true; type: "stats"; stats: TabStats | undefined }
  | { ok: false; error: string };
