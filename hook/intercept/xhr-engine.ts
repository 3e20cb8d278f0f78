import { segmentResponseHead } from "./segment-response.js";
import { fire, moveTo } from "./xhr-events.js";
import { type XhrContext, type XhrState, releaseHeld } from "./xhr-state.js";

/**
 * Plays the engine's bytes to the page as a native XHR would deliver a response:
 * readystatechange to 2 (headers) and 3 (loading), a progress event with the full length,
 * readystatechange to 4, load, loadend. Stops as soon as a listener aborts or reopens.
 */
export function deliverFromEngine(
  context: XhrContext,
  xhr: XMLHttpRequest,
  state: XhrState,
  bytes: Uint8Array<ArrayBuffer>,
): void {
  state.phase = "engine";
  state.bytes = bytes;
  state.response = undefined;
  state.head = segmentResponseHead(state.url ?? "", state.range, bytes.byteLength);
  const length = bytes.byteLength;
  if (!moveTo(context, xhr, state, 2)) return;
  if (!moveTo(context, xhr, state, 3)) return;
  if (!fire(context, xhr, state, "progress", length)) return;
  if (!moveTo(context, xhr, state, 4)) return;
  if (!fire(context, xhr, state, "load", length)) return;
  fire(context, xhr, state, "loadend", length);
}

/**
 * Ends a request the hook holds (waiting for the engine, or in the middle of playing its answer)
 * with the native request error steps: readyState 4 with readystatechange, then `abort` or
 * `error`, then loadend. abort() then leaves readyState 0 without an event; after a finished
 * engine answer, abort() only does that, as natively.
 */
export function endHeld(
  context: XhrContext,
  xhr: XMLHttpRequest,
  state: XhrState,
  reason: "abort" | "error",
): void {
  const finished = state.phase === "engine" && state.readyState === 4;
  releaseHeld(state, "aborted");
  if (!finished) {
    if (!moveTo(context, xhr, state, 4)) return;
    if (!fire(context, xhr, state, reason)) return;
    if (!fire(context, xhr, state, "loadend")) return;
  }
  if (reason === "abort") state.readyState = 0;
}
