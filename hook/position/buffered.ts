import type { TimeRange } from "./types";

/**
 * Seconds a buffered range may fall short of a segment's edges and still count as holding it.
 * Media timestamps rarely match the manifest exactly (a first frame at 0.04 s, a transmuxed
 * MPEG-TS segment ending 20 ms early, AAC frame rounding); half a second, or a quarter of a
 * short segment, absorbs that without taking a half-appended segment for a whole one.
 */
const EDGE_TOLERANCE = 0.5;

const toleranceFor = (duration: number) => Math.min(EDGE_TOLERANCE, Math.max(duration, 0) / 4);

/** Whether some buffered range holds [start, start + duration), within the edge tolerance. */
export function isBuffered(ranges: readonly TimeRange[], start: number, duration: number): boolean {
  const tolerance = toleranceFor(duration);
  const end = start + duration;
  return ranges.some(
    ([rangeStart, rangeEnd]) => rangeStart <= start + tolerance && rangeEnd >= end - tolerance,
  );
}

/**
 * The end of the buffered range the playhead is in (a range starting up to EDGE_TOLERANCE after
 * it counts: the player jumps such a hole), or undefined when nothing is buffered at `time`.
 */
export function bufferedEndAt(ranges: readonly TimeRange[], time: number): number | undefined {
  for (const [start, end] of ranges) {
    if (start <= time + EDGE_TOLERANCE && end > time) return end;
  }
  return undefined;
}
