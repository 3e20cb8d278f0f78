/**
 * The page hook (MAIN world) and the relay (isolated world) talk with window.postMessage on the
 * page's own window. Page scripts can read and forge these messages: the relay validates every
 * request against the relay-to-background schema and the background decides the site from what
 * the browser vouches for, so a forged message reaches nothing the page could not reach anyway.
 */
import type { StandAsideReason } from "../messaging/frame-note";
import type { SegmentAnswer } from "../messaging/bytes";
import type { HookRequest } from "../messaging/relay-to-background";

/**
 * Marks our messages among everything else a page posts to itself. Neutral on purpose: the page
 * sees these messages (SECURITY.md, "Fingerprinting"), so they carry no name of the extension.
 */
export const ENVELOPE_TAG = "rl1";

/** A request of the hook; `bytes` carries a segment for relay/put-segment (transferred). */
export interface RelayRequest {
  tag: typeof ENVELOPE_TAG;
  direction: "to-relay";
  id: number;
  message: HookMessage;
}

/** A reply of the relay; `bytes` carries the segment for a hit (transferred, not base64). */
export interface RelayReply {
  tag: typeof ENVELOPE_TAG;
  direction: "to-hook";
  id: number;
  reply: HookReply;
}

/**
 * What the hook asks; put-segment carries an ArrayBuffer (transferred), which the relay sends on
 * over the fast path as is, or as the browser's runtime messages carry bytes (messaging/bytes.ts).
 */
export type HookMessage =
  | Exclude<HookRequest, { type: "relay/put-segment" }>
  /** The engine is wanted: a stream was found (the relay opens its port, which starts the
   * engine, so that it is ready by the first segment request) or the player plays on (a message
   * on the open port keeps Firefox's event page awake). Nothing goes to the background. */
  | { type: "relay/warm-up" }
  /** The hook leaves this frame alone from now on (messaging/frame-note.ts). */
  | { type: "relay/stand-aside"; reason: StandAsideReason }
  | (Omit<Extract<HookRequest, { type: "relay/put-segment" }>, "bytes"> & {
      bytes: ArrayBuffer;
    });

export type HookReply =
  | ({ ok: true } & SegmentAnswer)
  | { ok: true; type: "loaded" | "stored" | "stopped" | "warming" }
  | { ok: false; error: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** A message from the page that claims to be a hook request (its content is checked later). */
export const isRelayRequest = (value: unknown): value is RelayRequest =>
  isObject(value) &&
  value.tag === ENVELOPE_TAG &&
  value.direction === "to-relay" &&
  typeof value.id === "number" &&
  isObject(value.message);

/**
 * The relay's news for the hook, unasked: whether the engine can answer at once (its fast path
 * is up). Page script can forge it; all it changes is whether that page's own requests wait.
 */
export interface RelayState {
  tag: typeof ENVELOPE_TAG;
  direction: "to-hook";
  engineReady: boolean;
}

export const isRelayState = (value: unknown): value is RelayState =>
  isObject(value) &&
  value.tag === ENVELOPE_TAG &&
  value.direction === "to-hook" &&
  typeof value.engineReady === "boolean";

export const isRelayReply = (value: unknown): value is RelayReply =>
  isObject(value) &&
  value.tag === ENVELOPE_TAG &&
  value.direction === "to-hook" &&
  typeof value.id === "number" &&
  isObject(value.reply);
