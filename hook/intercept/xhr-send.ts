import type { SegmentMatch } from "../segment-source.js";
import { waitForEngine } from "./engine-wait.js";
import { call } from "./natives.js";
import { safely } from "./response-taps.js";
import { deliverFromEngine, endHeld } from "./xhr-engine.js";
import { fire } from "./xhr-events.js";
import type { XhrContext, XhrState } from "./xhr-state.js";

/** Response types the hook can play from engine bytes; others always go to the network. */
const PLAYABLE_TYPES = new Set(["", "text", "arraybuffer", "blob", "json"]);

/** The source's match for the request about to be sent, if the hook may answer it. */
export function matchXhr(
  context: XhrContext,
  xhr: XMLHttpRequest,
  state: XhrState,
): SegmentMatch | undefined {
  try {
    if (!state.eligible || !context.isActive()) return undefined;
    if (state.method !== "GET" || state.url === undefined) return undefined;
    const type = call(context.natives, context.native.responseType, xhr);
    if (!PLAYABLE_TYPES.has(type)) return undefined;
    return context.source.match({ url: state.url, method: state.method, range: state.range });
  } catch {
    return undefined;
  }
}

/**
 * send() of a matched request: fires loadstart as the native send() does, asks the engine (no
 * longer than half the page's timeout), then plays the engine's answer, or sends the original
 * request on the same native XHR (its loadstart suppressed, its timeout shortened by the time
 * waited).
 */
export function holdForEngine(
  context: XhrContext,
  xhr: XMLHttpRequest,
  state: XhrState,
  match: SegmentMatch,
  sendArgs: unknown[],
): void {
  const { natives } = context;
  state.phase = "waiting";
  state.match = match;
  const generation = state.generation;
  const started = natives.now();
  if (!fire(context, xhr, state, "loadstart")) return;
  // Half the page's timeout at most: the other half is left for the network if the engine misses.
  const cap = state.pageTimeout > 0 ? state.pageTimeout / 2 : Infinity;
  const wait = waitForEngine(natives, context.source, match, undefined, cap);
  state.wait = wait;
  void wait.answer.then((answer) => {
    if (state.generation !== generation) return;
    state.wait = undefined;
    if (answer.kind === "bytes") {
      try {
        deliverFromEngine(context, xhr, state, answer.bytes);
      } catch {
        // A half-played answer cannot be taken back; the page sees it as it stands.
      }
      return;
    }
    if (answer.kind === "miss") {
      // It goes to the network after all: the source leaves it out of the engine's queue.
      if (match.deadlineMs > 0) {
        safely(() => {
          context.source.toNetwork(match);
        });
      }
      sendToNetwork(context, xhr, state, sendArgs, started);
    }
  });
}

function sendToNetwork(
  context: XhrContext,
  xhr: XMLHttpRequest,
  state: XhrState,
  sendArgs: unknown[],
  started: number,
): void {
  const { natives, native } = context;
  state.phase = "native";
  try {
    if (state.pageTimeout > 0) {
      const left = Math.max(1, state.pageTimeout - (natives.now() - started));
      call(natives, native.setTimeout, xhr, left);
    }
    state.suppressLoadstart = true;
    try {
      natives.apply(native.send, xhr, sendArgs);
    } finally {
      state.suppressLoadstart = false;
    }
  } catch {
    state.phase = "waiting";
    endHeld(context, xhr, state, "error");
  }
}
