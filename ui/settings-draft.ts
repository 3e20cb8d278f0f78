/**
 * The options form's model: what the inputs hold (numbers as typed text, in the displayed units of
 * ui/setting-units.ts), how it is checked with
 * the core's own schema (field by field, then the whole with storedSettingsSchema, as the
 * background does) and what gets stored: only the values that differ from the defaults, so later
 * default changes still reach viewers who never touched a setting.
 */
import type * as z from "zod/mini";
import { defaultSettings, resolveSettings, settingsSchema, SettingsError } from "../core/settings";
import { storedSettingsSchema, type StoredSettings } from "../messaging/stored-settings";
import { t } from "./i18n";
import { parseIceServers, iceServersDraft, type IceServerDraft } from "./ice-servers";
import {
  SETTING_GROUPS,
  SETTING_HELP,
  type ScalarSettingKey,
  type SettingKey,
} from "./setting-help";
import {
  unitSymbol,
  displayBounds,
  toDisplay,
  toStored,
  type DisplayUnitName,
} from "./setting-units";

/** The unit a setting's input shows ("plain": as stored). */
export function unitOf(key: ScalarSettingKey): DisplayUnitName {
  const help = SETTING_HELP[key];
  return "unit" in help ? help.unit : "plain";
}

/** A setting's stored value as its input shows it. */
export function displayText(key: ScalarSettingKey, value: number | boolean): string | boolean {
  return typeof value === "boolean" ? value : toDisplay(value, unitOf(key));
}

export const SCALAR_KEYS: readonly ScalarSettingKey[] = SETTING_GROUPS.flatMap(
  (group) => group.keys,
);

export interface SettingsDraft {
  /** Checkbox settings as booleans, number settings as the text in their input. */
  scalars: Record<ScalarSettingKey, string | boolean>;
  trackers: string[];
  iceServers: IceServerDraft[];
  /** rtcConfig keys other than iceServers (kept as stored, not edited here). */
  rtcRest: Record<string, unknown>;
}

/** Error messages by field: setting names, or `iceServers.<row>`. */
export type DraftErrors = Partial<Record<string, string>>;

export type DraftResult =
  { ok: true; settings: StoredSettings } | { ok: false; errors: DraftErrors };

export function draftFrom(stored: StoredSettings): SettingsDraft {
  const settings = resolveSettings(stored);
  const scalars = Object.fromEntries(
    SCALAR_KEYS.map((key) => {
      return [key, displayText(key, settings[key])];
    }),
  ) as Record<ScalarSettingKey, string | boolean>;
  const { iceServers, ...rtcRest } = settings.rtcConfig;
  return {
    scalars,
    trackers: [...settings.trackerAnnounce],
    iceServers: iceServersDraft(iceServers ?? []),
    rtcRest,
  };
}

/** Zod's message for a value, in plain words and in the unit shown (stored units by default). */
export function issueText(issue: z.core.$ZodIssue, unit: DisplayUnitName = "plain"): string {
  const symbol = unitSymbol(unit);
  const tail = symbol === "" ? "" : ` ${symbol}`;
  const shown = (stored: number, side: "min" | "max") => {
    const bounds = displayBounds({ min: stored, max: stored, integer: false }, unit);
    return `${String(bounds[side])}${tail}`;
  };
  switch (issue.code) {
    case "too_small":
      return t("errorAtLeast", shown(Number(issue.minimum), "min"));
    case "too_big":
      return t("errorAtMost", shown(Number(issue.maximum), "max"));
    case "invalid_type":
      return issue.expected === "int" ? t("errorWholeNumber") : t("errorExpected", issue.expected);
    default:
      return issue.message;
  }
}

/**
 * Checks one scalar input (in its displayed unit) with the core's schema; returns the value to
 * store or an error message in the displayed unit.
 */
export function checkScalar(
  key: ScalarSettingKey,
  input: string | boolean,
): { value: unknown; error?: undefined } | { value?: undefined; error: string } {
  let value: unknown = input;
  const unit = unitOf(key);
  if (typeof input === "string") {
    const text = input.trim();
    const number = text === "" ? Number.NaN : Number(text);
    if (!Number.isFinite(number)) return { error: t("errorEnterNumber") };
    // Whole stored units (ms, bytes) from a fraction of a second or a MB: rounded, not refused.
    value = toStored(number, unit);
  }
  const parsed = settingsSchema.shape[key].safeParse(value);
  if (parsed.success) return { value: parsed.data };
  const issue = parsed.error.issues[0];
  return { error: issue === undefined ? t("errorInvalidValue") : issueText(issue, unit) };
}

/** A tracker URL as the core accepts it, or the error to show. */
export function checkTracker(url: string): string | undefined {
  const parsed = settingsSchema.shape.trackerAnnounce.def.element.safeParse(url.trim());
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? t("errorInvalidUrl"));
}

/** JSON with object keys sorted at every level: equal data gives equal text, whatever the order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : item,
  );
}

/**
 * Whether two settings values hold the same data. Key order does not count: chrome.storage gives
 * objects back with their keys sorted, not in the order they were written.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Validates the whole form; on success, the settings to store (differences from defaults). */
export function settingsFromDraft(draft: SettingsDraft): DraftResult {
  const errors: DraftErrors = {};
  const values: Record<string, unknown> = {};
  for (const key of SCALAR_KEYS) {
    const checked = checkScalar(key, draft.scalars[key]);
    if (checked.error !== undefined) errors[key] = checked.error;
    else values[key] = checked.value;
  }
  if (draft.trackers.length === 0) errors.trackerAnnounce = t("errorNoTracker");
  const badTracker = draft.trackers.find((url) => checkTracker(url) !== undefined);
  if (badTracker !== undefined) errors.trackerAnnounce = t("errorNotTrackerUrl", badTracker);
  values.trackerAnnounce = draft.trackers;
  const ice = parseIceServers(draft.iceServers);
  if (!ice.ok) Object.assign(errors, ice.errors);
  else values.rtcConfig = { ...draft.rtcRest, iceServers: ice.servers };
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!sameValue(value, defaultSettings[key as SettingKey])) overrides[key] = value;
  }
  const stored = storedSettingsSchema.safeParse(overrides);
  if (stored.success) return { ok: true, settings: stored.data };
  try {
    resolveSettings(overrides);
  } catch (error) {
    if (error instanceof SettingsError)
      return { ok: false, errors: { [error.setting]: error.message } };
  }
  return {
    ok: false,
    errors: { "": stored.error.issues[0]?.message ?? t("errorInvalidSettings") },
  };
}
