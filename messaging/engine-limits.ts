import { DEFAULT_PEER_BUDGET } from "../core/p2p/peer-budget";
import { DEFAULT_CONCURRENT_UPLOADS } from "../core/p2p/upload-budget";

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
  /**
   * Segments of one frame's queue in one swarm: the hook sends 13 and those it awaits, so 64 is
   * ample; a longer queue keeps its 64 most urgent (engine/queue-limit.ts). The schema's 512
   * (messaging/limits.ts) bounds the message; this bounds what the loader schedules and the URLs
   * the engine will fetch for the page.
   */
  queuePerFrame: 64,
  /** Peers connected over all swarms (core/p2p/peer-budget.ts says why 64). */
  peers: DEFAULT_PEER_BUDGET.peers,
  /** WebRTC connections being set up over all swarms: our offers and those we answer. */
  pendingOffers: DEFAULT_PEER_BUDGET.pendingOffers,
  /** Peers' requests served at once over all swarms; more are answered "absent". */
  concurrentUploads: DEFAULT_CONCURRENT_UPLOADS,
} as const;

/**
 * A frame's relay messages, as a token bucket (messaging/frame-rate-limit.ts). The hook sends a
 * few a second while playing (a queue update per matched request, position updates at most every
 * 500 ms per swarm, a get and maybe a put per segment), so only a flood reaches the limit.
 */
export const FRAME_MESSAGES = {
  /** Messages a frame may send in a burst. */
  burst: 60,
  /** Messages a second a frame may keep sending. */
  perSecond: 30,
} as const;
