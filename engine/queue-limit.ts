/**
 * A frame's queue past ENGINE_LIMITS.queuePerFrame keeps its most urgent segments: the page
 * hook sends its queue nearest first, so what is dropped is what the player needs last, and
 * the next queue (sent as playback moves on) brings it back in.
 */
export function nearestSegments<T extends { priority: number }>(
  segments: readonly T[],
  max: number,
): T[] {
  if (segments.length <= max) return [...segments];
  // Stable: among equal priorities the page's order decides.
  const kept = new Set(
    segments
      .map((segment, index) => ({ segment, index }))
      .sort((a, b) => a.segment.priority - b.segment.priority || a.index - b.index)
      .slice(0, max)
      .map((entry) => entry.segment),
  );
  return segments.filter((segment) => kept.has(segment));
}
