/** Settings export/import as a JSON file; an import is checked with the same schema as a save. */
import { t } from "./i18n";
import { storedSettingsSchema, type StoredSettings } from "../messaging/stored-settings";

export const EXPORT_KIND = "peercast-video-settings";

export function settingsFileText(settings: StoredSettings): string {
  return `${JSON.stringify({ kind: EXPORT_KIND, version: 1, settings }, null, 2)}\n`;
}

export type ImportResult = { ok: true; settings: StoredSettings } | { ok: false; error: string };

/** Accepts an exported file, or a bare settings object. */
export function parseSettingsFile(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: t("errorNotJson") };
  }
  const wrapped =
    typeof json === "object" && json !== null && (json as { kind?: unknown }).kind === EXPORT_KIND;
  const settings = wrapped ? (json as { settings?: unknown }).settings : json;
  const parsed = storedSettingsSchema.safeParse(settings);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    error: t("errorNotImported", parsed.error.issues[0]?.message ?? t("errorInvalid")),
  };
}
