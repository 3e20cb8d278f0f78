/**
 * Types shared by the position tests (Node side) and their page scripts (position-page.ts,
 * position-players.ts).
 */

/** One call the recording engine saw, or one segment the page's source matched. */
export interface EngineEntry {
  /** Order among all entries of the page. */
  seq: number;
  kind: "load" | "get" | "put" | "stop" | "match" | "warm-up" | "stand-aside";
  swarmId: string;
  /** load: the queue, in order. */
  segments?: { id: string; url: string; priority: number }[];
  /** get, put, match. */
  segmentId?: string;
  /** match: the request URL. */
  url?: string;
  /** Made while the source was matching a request (a request-driven update). */
  inMatch: boolean;
}

export type PositionPlayer = "hls" | "shaka" | "dash";

/** What the page's player reports. */
export interface PlayerState {
  currentTime: number;
  paused: boolean;
  buffered: [number, number][];
  errors: string[];
  /** Segment requests the gate is holding now. */
  held: number;
}
