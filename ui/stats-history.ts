/**
 * The popup's last minute of a tab's traffic: cumulative byte counts sampled every second, turned
 * into per-interval amounts for the chart. Pure, so it is unit tested.
 */
import type { TabStats } from "../messaging/engine-to-background";

export interface StatsSample {
  /** Epoch ms of the sample. */
  at: number;
  httpBytes: number;
  p2pBytes: number;
}

export interface TrafficPoint {
  /** Seconds before the newest sample (0 = newest). */
  age: number;
  /** Bytes per second over the interval that ends at this point. */
  http: number;
  p2p: number;
}

export const HISTORY_WINDOW_MS = 60_000;

/** Appends a sample and drops those older than the window (one extra kept as the base). */
export function addSample(
  history: readonly StatsSample[],
  stats: Pick<TabStats, "httpBytes" | "p2pBytes">,
  at: number,
  windowMs = HISTORY_WINDOW_MS,
): StatsSample[] {
  const next = [...history, { at, httpBytes: stats.httpBytes, p2pBytes: stats.p2pBytes }];
  const firstInWindow = next.findIndex((sample) => at - sample.at <= windowMs);
  return next.slice(Math.max(0, firstInWindow - 1));
}

/**
 * Rates between consecutive samples. Counters that went down (a new engine started from zero)
 * count the new value as the amount for that interval, never a negative rate.
 */
export function trafficPoints(history: readonly StatsSample[]): TrafficPoint[] {
  const newest = history.at(-1);
  if (newest === undefined) return [];
  const points: TrafficPoint[] = [];
  for (let index = 1; index < history.length; index += 1) {
    const previous = history[index - 1];
    const current = history[index];
    if (previous === undefined || current === undefined) continue;
    const seconds = Math.max(0.001, (current.at - previous.at) / 1000);
    const delta = (now: number, before: number) => (now >= before ? now - before : now);
    points.push({
      age: (newest.at - current.at) / 1000,
      http: delta(current.httpBytes, previous.httpBytes) / seconds,
      p2p: delta(current.p2pBytes, previous.p2pBytes) / seconds,
    });
  }
  return points;
}
