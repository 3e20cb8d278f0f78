/**
 * What one page can take of the engine that every tab shares. Pages are untrusted: without these a
 * page on an enabled site created ~100 swarms in 3 s (each announcing with WebRTC offers), took
 * the engine to Chromium's peer-connection limit so that another site's tab could not announce,
 * and 80 swarms with full queues took the engine's heap from 3 MB to 361 MB.
 */
export const ENGINE_LIMITS = {
  /**
   * Swarms one frame is in at once. A player plays one video and one audio track (two swarms);
   * a variant switch briefly adds the new variant's before the old one's queue empties; a
   * subtitle or second audio rendition is a fourth. A frame at the limit first leaves the swarms
   * whose queue it emptied (old variants); then a new swarm is refused.
   */
  swarmsPerFrame: 4,
  /** Swarms of one site, over all its frames and tabs (two players of a site in two tabs: 4). */
  swarmsPerSite: 8,
  /** Swarms in the engine: 3 sites at their limit. */
  swarms: 24,
} as const;

/**
 * A frame's relay messages, as a token bucket (background/frame-rate-limit.ts). The hook sends a
 * few a second while playing (a queue update per matched request, position updates at most every
 * 500 ms per swarm, a get and maybe a put per segment), so only a flood reaches the limit.
 */
export const FRAME_MESSAGES = {
  /** Messages a frame may send in a burst. */
  burst: 60,
  /** Messages a second a frame may keep sending. */
  perSecond: 30,
} as const;
