import type { SegmentMatch, SegmentSource } from "../segment-source.js";
import type { EngineWait } from "./engine-wait.js";
import type { Natives } from "./natives.js";
import type { SegmentResponseHead } from "./segment-response.js";
import type { NativeXhr } from "./xhr-native.js";

/**
 * Who answers the current request of a hooked XHR:
 * - native: the real XHR (not sent yet, passed through, or fallen back to the network);
 * - waiting: send() was held back while the engine is asked;
 * - engine: the engine answered; the hook plays the response;
 * - aborted: abort() ended a waiting or engine request; the hook plays the aborted state.
 */
export type XhrPhase = "native" | "waiting" | "engine" | "aborted";

/** What the hook keeps per hooked XHR, out of the page's reach (in a WeakMap). */
export interface XhrState {
  phase: XhrPhase;
  /** Bumped by open() and abort(): continuations of an older request see it and stop. */
  generation: number;
  /** From open(): upper-case method, absolute URL (undefined when the hook cannot tell). */
  method: string | undefined;
  url: string | undefined;
  /** Only async requests without user/password in open() are ever answered by the engine. */
  eligible: boolean;
  range: string | undefined;
  /** The timeout the page set; the native one is shortened by the wait on fallback. */
  pageTimeout: number;
  /** Set while the native send() runs after a wait, whose loadstart the page already saw. */
  suppressLoadstart: boolean;
  match: SegmentMatch | undefined;
  wait: EngineWait | undefined;
  /** The readyState the hook reports in the engine and aborted phases. */
  readyState: number;
  bytes: Uint8Array<ArrayBuffer> | undefined;
  head: SegmentResponseHead | undefined;
  /** The response object handed out in the engine phase, so every read returns the same one. */
  response: { type: string; value: unknown } | undefined;
}

export function newXhrState(): XhrState {
  return {
    phase: "native",
    generation: 0,
    method: undefined,
    url: undefined,
    eligible: false,
    range: undefined,
    pageTimeout: 0,
    suppressLoadstart: false,
    match: undefined,
    wait: undefined,
    readyState: 0,
    bytes: undefined,
    head: undefined,
    response: undefined,
  };
}

/** Everything the hooked XHR members share. */
/**
 * Drops what the hook held for the current request (an engine wait, an answer being played) and
 * bumps the generation so late callbacks of that request do nothing; then enters `phase`.
 */
export function releaseHeld(state: XhrState, phase: XhrPhase): void {
  state.wait?.cancel();
  state.wait = undefined;
  state.generation += 1;
  state.phase = phase;
  state.bytes = undefined;
  state.head = undefined;
  state.response = undefined;
}

export interface XhrContext {
  natives: Natives;
  source: SegmentSource;
  isActive: () => boolean;
  native: NativeXhr;
  states: WeakMap<XMLHttpRequest, XhrState>;
}

/** A DOMException named InvalidStateError, as the native XHR throws it. */
export function invalidState(context: XhrContext, what: string): DOMException {
  return new context.natives.DOMException(
    `Failed to execute '${what}' on 'XMLHttpRequest': The object's state must be OPENED.`,
    "InvalidStateError",
  );
}
