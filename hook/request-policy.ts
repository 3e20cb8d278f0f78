/**
 * How the page hook treats a segment request, as a pure function of how much the player holds
 * ahead of its playhead (playing time, s), the stream's usual deadline, whether the engine can
 * answer at once and how long the page's own recent segment fetches took. The page source applies
 * it; the simulator's virtual players (sim/player.ts) queue as far ahead (QUEUE_AHEAD).
 */

/** Segments queued ahead of the one the player asked for. */
export const QUEUE_AHEAD = 12;
/**
 * Less than this buffered ahead of the playhead (s of playing time), a request is needed next.
 * Not 4: a player holding two 2 s segments at start-up is 3.9x s ahead, and at 4 its third
 * request went to the network while the engine was starting (dash.js, video.js and Shaka lost a
 * third segment per viewer that way). From 3.5 s the hook may wait at least 1.5 s and still
 * leaves SAFETY_S for the network.
 */
export const URGENT_AHEAD_S = 3.5;
/** A segment asked for ahead of time may wait for the engine until this much is left (s). */
const SAFETY_S = 2;
/** ... but no longer than this: players read a long wait as a slow network (ms). */
const MAX_PATIENCE_MS = 3000;

export interface RequestPlan {
  /** The requested segment's priority in the engine's queue; the following ones come after. */
  priority: number;
  /** Needed soon, it waits for an engine that is starting (see planRequest). */
  starting?: true;
  /** How long the hook waits for the engine; 0: not at all, the page fetches it itself. */
  deadlineMs: number;
  /** The page fetches it itself: the engine's queue leaves it out (it is not fetched twice). */
  direct: boolean;
}

/**
 * While the engine is starting, a request needed soon may still wait for it if the network,
 * as slow as the slowest of the page's last own segment fetches, can refill the buffer in what
 * is left: at least START_SAFETY_S are left, and REFILL_MARGIN times that fetch's time.
 */
const START_SAFETY_S = 1;
const REFILL_MARGIN = 4;
/**
 * ... and only if it can wait this long (ms): the engine's start and first connections take
 * 0.5-0.7 s on a small machine; a shorter wait would only delay the segment.
 */
const MIN_START_WAIT_MS = 800;
/** ... and never longer than a request asked for ahead of time waits at the least (ms). */
const MAX_START_WAIT_MS = (URGENT_AHEAD_S - SAFETY_S) * 1000;

/**
 * Needed next (little buffered): priority 0 and the stream's usual deadline, or, while the
 * engine is still starting, straight to the network, unless the page's own fetches (`refillS`:
 * the longest the network took for one of the last segments the page fetched itself) show the
 * network can refill the buffer after a wait long enough for the engine to start: then it waits
 * at priority 1, `starting` (a later viewer's second segment comes from peers instead of the
 * origin). Asked for ahead of time: priority 1 (the engine may let it wait for peers that are
 * connecting, p2pJoinGracePeriod), and the hook may wait longer, leaving SAFETY_S of buffer for
 * the network if the engine fails.
 */
export function planRequest(
  aheadS: number,
  baseDeadlineMs: number,
  engineReady: boolean,
  refillS?: number,
): RequestPlan {
  if (aheadS < URGENT_AHEAD_S) {
    if (engineReady) return { priority: 0, deadlineMs: baseDeadlineMs, direct: false };
    const waitMs = startingWaitMs(aheadS, refillS);
    return waitMs === 0
      ? { priority: 0, deadlineMs: 0, direct: true }
      : { priority: 1, deadlineMs: waitMs, direct: false, starting: true };
  }
  const patience = Math.round(Math.min(MAX_PATIENCE_MS, (aheadS - SAFETY_S) * 1000));
  return { priority: 1, deadlineMs: Math.max(baseDeadlineMs, patience), direct: false };
}

/** How long a request needed soon may wait for an engine that is starting (ms); 0: not at all. */
function startingWaitMs(aheadS: number, refillS: number | undefined): number {
  if (refillS === undefined || !(refillS >= 0)) return 0;
  const safetyS = Math.max(START_SAFETY_S, REFILL_MARGIN * refillS);
  const waitMs = Math.round(Math.min(MAX_START_WAIT_MS, (aheadS - safetyS) * 1000));
  return waitMs >= MIN_START_WAIT_MS ? waitMs : 0;
}
