import type { MediaSegment, ParsedTrack } from "./model";

/** A media segment with its start on the player's timeline, in seconds. */
export interface TimedSegment extends MediaSegment {
  start: number;
}

/** What an update changed, for the URL index. */
export interface TimelineChange {
  added: TimedSegment[];
  removed: TimedSegment[];
}

/**
 * The ordered segments of one swarm across manifest refreshes. Ids are stable, so a refresh is a
 * merge: known ids keep their start, new ones are placed after their predecessor. Start times:
 * DASH gives them (presentation time); HLS VOD counts from 0; HLS live counts from 0 at the
 * first window seen (as hls.js does), gaps between windows estimated with the target duration.
 * Live memory is bounded: segments more than one window length behind the current window are
 * forgotten (a player that lags further cannot be served from its manifest anyway), and the
 * list never exceeds `maxSegments`. VOD lists are as long as their playlist.
 */
export class StreamTimeline {
  private list: TimedSegment[] = [];
  private readonly byId = new Map<string, TimedSegment>();
  live = false;
  targetDuration = 0;

  constructor(private readonly maxSegments: number) {}

  /** All known segments in order. */
  get segments(): readonly TimedSegment[] {
    return this.list;
  }

  get(id: string): TimedSegment | undefined {
    return this.byId.get(id);
  }

  /** Merges one observation of the manifest. */
  update(track: ParsedTrack): TimelineChange {
    this.live = track.live;
    this.targetDuration = track.targetDuration;
    const change: TimelineChange = { added: [], removed: [] };
    for (const segment of track.segments) {
      const known = this.byId.get(segment.id);
      if (known === undefined) {
        change.added.push(this.insert(segment));
      } else if (known.url !== segment.url || known.init?.url !== segment.init?.url) {
        // Same bytes at a new URL (rotated token, other CDN): keep the start, take the URL.
        const fresh: TimedSegment = { ...segment, start: known.start };
        this.list[this.indexOf(known.order)] = fresh;
        this.byId.set(fresh.id, fresh);
        change.removed.push(known);
        change.added.push(fresh);
      }
    }
    const first = track.segments[0];
    if (track.live && first !== undefined) {
      const windowStart = this.indexOf(first.order);
      const keepFrom = Math.max(windowStart - Math.max(track.segments.length, 6), 0);
      const cut = Math.max(keepFrom, this.list.length - this.maxSegments);
      if (cut > 0) change.removed.push(...this.dropFirst(cut));
    }
    return change;
  }

  /** The segment playing at `position` seconds, or undefined outside the known list. */
  at(position: number): TimedSegment | undefined {
    const index = this.indexAt(position);
    return index === undefined ? undefined : this.list[index];
  }

  /** Index of the segment containing `position`; the first one for positions before it. */
  indexAt(position: number): number | undefined {
    let low = 0;
    let high = this.list.length - 1;
    let found: number | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const segment = this.list[middle];
      if (segment === undefined) break;
      if (segment.start <= position) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (found === undefined) return this.list.length > 0 ? 0 : undefined;
    const segment = this.list[found];
    return segment !== undefined && position < segment.start + segment.duration ? found : undefined;
  }

  /** Index of the segment with this order (binary search), or where it would go. */
  indexOf(order: number): number {
    let low = 0;
    let high = this.list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.list[middle]?.order ?? Infinity) < order) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private insert(segment: MediaSegment): TimedSegment {
    const index = this.indexOf(segment.order);
    const before = this.list[index - 1];
    const after = this.list[index];
    const timed: TimedSegment = { ...segment, start: this.startOf(segment, before, after) };
    if (index === this.list.length) this.list.push(timed);
    else this.list.splice(index, 0, timed);
    this.byId.set(timed.id, timed);
    return timed;
  }

  private startOf(
    segment: MediaSegment,
    before: TimedSegment | undefined,
    after: TimedSegment | undefined,
  ): number {
    if (segment.time !== undefined) return segment.time;
    // HLS: orders are media sequence numbers; a gap of n missing segments is n target durations.
    if (before !== undefined) {
      const missing = Math.max(segment.order - before.order - 1, 0);
      return before.start + before.duration + missing * this.targetDuration;
    }
    if (after !== undefined) {
      const missing = Math.max(after.order - segment.order - 1, 0);
      return Math.max(after.start - segment.duration - missing * this.targetDuration, 0);
    }
    return 0;
  }

  private dropFirst(count: number): TimedSegment[] {
    const dropped = this.list.slice(0, count);
    this.list = this.list.slice(count);
    for (const segment of dropped) this.byId.delete(segment.id);
    return dropped;
  }
}
