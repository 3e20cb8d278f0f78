/** Numbers as people read them: bytes in kB/MB/GB (powers of 1000), shares in whole percent. */

const UNITS = ["B", "kB", "MB", "GB", "TB"] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit] ?? "B"}`;
}

/** A P2P share in percent, or a dash before any byte moved. */
export function formatShare(share: number | undefined): string {
  return share === undefined ? "–" : `${String(Math.round(share))}%`;
}

/** Bytes per second as a rate. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}
