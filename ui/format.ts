/**
 * Numbers as people read them, in the viewer's language (browser.i18n.getUILanguage): bytes in
 * kB/MB/GB (powers of 1000), shares in whole percent. Tests pass the locale.
 */
import { uiLanguage } from "./i18n";

const UNITS = ["B", "kB", "MB", "GB", "TB"] as const;

export function formatBytes(bytes: number, locale: string = uiLanguage()): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
  return `${number} ${UNITS[unit] ?? "B"}`;
}

/** A P2P share in percent, or a dash before any byte moved. */
export function formatShare(share: number | undefined, locale: string = uiLanguage()): string {
  if (share === undefined) return "–";
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(
    Math.round(share) / 100,
  );
}

/** Bytes per second as a rate. */
export function formatRate(bytesPerSecond: number, locale: string = uiLanguage()): string {
  return `${formatBytes(bytesPerSecond, locale)}/s`;
}
