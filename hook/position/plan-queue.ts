import type { TimedSegment } from "../stream";
import { bufferedEndAt, isBuffered } from "./buffered";
import type { PlayerPosition } from "./types";

/** One entry of the engine's queue, before it becomes a SegmentDescriptor. */
export interface PlannedSegment {
  segment: TimedSegment;
  /** 0 = needed next; n = the playhead reaches it in about n segment durations. */
  priority: number;
}

export interface QueuePlanInput {
  /** The swarm's media segments in playback order, with start times (StreamTimeline). */
  segments: readonly TimedSegment[];
  /** Seconds: the stream's target duration, the unit of priorities. */
  segmentDuration: number;
  position: PlayerPosition;
  /**
   * Segments the player is waiting for right now, at the priority the request policy gave them
   * (0 needed next, 1 asked for ahead: hook/request-policy.ts), wherever they are.
   */
  awaited: ReadonlyMap<string, number>;
  /** Segments the page is fetching itself: never queued (the engine would fetch them too). */
  skip?: ReadonlySet<string>;
  /** How many segments the plan holds from the playhead on, awaited ones aside. */
  window: number;
}

/** Index of the first segment that ends after `time` (the one playing, or the next). */
function firstIndexAfter(segments: readonly TimedSegment[], time: number): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const segment = segments[middle];
    if (segment !== undefined && segment.start + segment.duration <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The engine's queue from the player's position: the segments from the playhead on that no
 * buffered range holds (so a hole in the buffer is queued before what lies beyond it, and what
 * is buffered is skipped), `window` of them. Awaited segments (a request the hook is holding for
 * the engine) come first, at the priority the request policy gave them. Segments behind the
 * playhead, and those the page fetches itself, are never queued.
 *
 * A segment's priority is the number of segment durations (of media time) until the playhead
 * reaches it, and never less than its place in the queue. The engine fetches anything at
 * priority <= requiredSegmentsPriority (1) over HTTP at once when no peer has it; the floor keeps
 * that to two segments, as in the request-driven queue (requested + next). The playback rate is
 * left out on purpose: scaling by it (wall time) made the first segments urgent at the tests' 4x
 * before peers connected (dash.js later viewers fetched ~0.9 MB more over HTTP, Shaka's one
 * segment more); the hook's deadline, not the queue, is what protects playback.
 *
 * Seeks need nothing special: the plan starts wherever currentTime is. A paused player keeps its
 * plan (currentTime does not move). A live stream's plan ends at the newest segment the playlist
 * lists, so it follows the live edge as refreshes add segments; a playhead behind the window
 * (segments already dropped) gets the window's first segments, where the player has to rejoin.
 */
export function planQueue(input: QueuePlanInput): PlannedSegment[] {
  const { segments, position, awaited } = input;
  const time = position.currentTime;
  const unit = Math.max(input.segmentDuration, 0.001);
  const plan: PlannedSegment[] = [];
  if (awaited.size > 0) {
    for (const segment of segments) {
      const priority = awaited.get(segment.id);
      if (priority !== undefined) plan.push({ segment, priority });
    }
  }
  if (!Number.isFinite(time)) return plan;
  let queued = 0;
  for (let index = firstIndexAfter(segments, time); index < segments.length; index++) {
    if (queued >= input.window) break;
    const segment = segments[index];
    if (segment === undefined || awaited.has(segment.id) || input.skip?.has(segment.id)) continue;
    if (isBuffered(position.buffered, segment.start, segment.duration)) continue;
    const untilNeeded = Math.floor(Math.max(0, segment.start - time) / unit);
    plan.push({ segment, priority: Math.max(untilNeeded, plan.length) });
    queued += 1;
  }
  return plan;
}

/**
 * Seconds, in target durations (plus one), that a requested segment may lie outside
 * [playhead, buffered end] and still confirm the timelines agree: players fetch a little ahead
 * of their buffer, or the segment a seek lands in from its start.
 */
const ALIGNMENT_SLACK_SEGMENTS = 2;

/**
 * Whether a segment the player just requested sits where the position says the player is
 * fetching: between the playhead and the end of its buffered range, give or take the slack.
 * It checks that the registry's timeline (HLS counted from 0, DASH presentation times) and the
 * media element's are the same clock; a player that maps them differently (a live DASH stream
 * whose media time is offset, say) fails it and keeps the request-driven queue.
 */
export function isAligned(
  requested: TimedSegment,
  position: PlayerPosition,
  segmentDuration: number,
): boolean {
  const time = position.currentTime;
  if (!Number.isFinite(time)) return false;
  const slack = ALIGNMENT_SLACK_SEGMENTS * Math.max(segmentDuration, 0) + 1;
  const bufferedEnd = bufferedEndAt(position.buffered, time) ?? time;
  return (
    requested.start + requested.duration >= time - slack && requested.start <= bufferedEnd + slack
  );
}
