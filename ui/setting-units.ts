/**
 * The options page's units: settings are stored as the core takes them (ms, bytes, bytes/s) and
 * shown in the units a person reads (seconds, MB, Mbit/s). The conversion happens here only, at
 * the UI's edge; the bounds come from the core's zod schema (settingsSchema), converted the same
 * way, so the schema stays the one source of every bound.
 */
import { settingsSchema } from "../core/settings";
import { t, uiLanguage, type MessageKey } from "./i18n";

export interface DisplayUnit {
  /** Shown after the input and in messages: a unit symbol, or a message key for a word. */
  symbol: string;
  /** The symbol is a message key (a word such as "segments", in the viewer's language). */
  word?: true;
  /** Stored units in one displayed unit (1000 ms in a second). */
  per: number;
  /** The input's step in displayed units. */
  step: number;
}

/** MB and kB are powers of 1000, as ui/format.ts shows bytes everywhere else. */
export const DISPLAY_UNITS = {
  seconds: { symbol: "s", per: 1000, step: 0.1 },
  megabytes: { symbol: "MB", per: 1_000_000, step: 1 },
  kilobytes: { symbol: "kB", per: 1000, step: 1 },
  /** 1 Mbit/s = 125,000 bytes/s. */
  megabitsPerSecond: { symbol: "Mbit/s", per: 125_000, step: 0.1 },
  kilobytesPerSecond: { symbol: "kB/s", per: 1000, step: 1 },
  segments: { symbol: "unitSegments", word: true, per: 1, step: 1 },
  peers: { symbol: "unitPeers", word: true, per: 1, step: 1 },
  downloads: { symbol: "unitAtOnce", word: true, per: 1, step: 1 },
  plain: { symbol: "", per: 1, step: 1 },
  probability: { symbol: "", per: 1, step: 0.01 },
} as const satisfies Record<string, DisplayUnit>;

export type DisplayUnitName = keyof typeof DISPLAY_UNITS;

/** What follows a value in `unit`, as the viewer reads it ("s", "MB", "Segmente"). */
export function unitSymbol(unit: DisplayUnitName): string {
  const shown: DisplayUnit = DISPLAY_UNITS[unit];
  return shown.word === true ? t(shown.symbol as MessageKey) : shown.symbol;
}

/**
 * A stored value in displayed units, as the input shows it: exact (64 MiB is 67.108864 MB), so an
 * untouched value converts back to the very same stored value.
 */
export function toDisplay(stored: number, unit: DisplayUnitName): string {
  return String(stored / DISPLAY_UNITS[unit].per);
}

/** A displayed value in stored units; whole stored units for every unit but the plain ones. */
export function toStored(displayed: number, unit: DisplayUnitName): number {
  const { per } = DISPLAY_UNITS[unit];
  return per === 1 ? displayed : Math.round(displayed * per);
}

/** What the schema allows, in stored units. */
export interface Bounds {
  min: number | undefined;
  max: number | undefined;
  integer: boolean;
}

interface CheckDef {
  check?: string;
  value?: unknown;
}

/** The bounds of a numeric setting, read from the core's schema (zod's minimum/maximum checks). */
export function boundsOf(key: keyof typeof settingsSchema.shape): Bounds {
  const def = settingsSchema.shape[key]._zod.def as {
    type: string;
    format?: string;
    checks?: readonly { _zod: { def: CheckDef } }[];
  };
  const bounds: Bounds = { min: undefined, max: undefined, integer: def.format === "safeint" };
  for (const check of def.checks ?? []) {
    const { check: kind, value } = check._zod.def;
    if (typeof value !== "number") continue;
    if (kind === "greater_than") bounds.min = value;
    // The core's int() caps at MAX_SAFE_INTEGER when a setting has no maximum of its own.
    if (kind === "less_than" && value < Number.MAX_SAFE_INTEGER) bounds.max = value;
  }
  return bounds;
}

/** "0 to 8,589.935 Mbit/s": the bounds as the viewer reads them. */
export function boundsText(
  bounds: Bounds,
  unit: DisplayUnitName,
  locale: string = uiLanguage(),
): string {
  const symbol = unitSymbol(unit);
  const tail = symbol === "" ? "" : ` ${symbol}`;
  const { min, max } = displayBounds(bounds, unit);
  const show = (value: number) => value.toLocaleString(locale, { maximumFractionDigits: 3 });
  if (min !== undefined && max !== undefined)
    return t("boundsBetween", show(min), show(max)) + tail;
  if (min !== undefined) return t("boundsAtLeast", show(min)) + tail;
  if (max !== undefined) return t("boundsAtMost", show(max)) + tail;
  return "";
}

/**
 * The bounds in displayed units, rounded inwards to 3 decimals: a value typed as shown converts
 * back within the schema's bounds (8,589.934 Mbit/s, not 8,589.935, which is over 1 GiB/s).
 */
export function displayBounds(
  bounds: Bounds,
  unit: DisplayUnitName,
): { min: number | undefined; max: number | undefined } {
  const { per } = DISPLAY_UNITS[unit];
  return {
    min: bounds.min === undefined ? undefined : Math.ceil((bounds.min / per) * 1000) / 1000,
    max: bounds.max === undefined ? undefined : Math.floor((bounds.max / per) * 1000) / 1000,
  };
}
