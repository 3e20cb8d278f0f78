import { call } from "./natives.js";
import type { XhrContext, XhrState } from "./xhr-state.js";

/**
 * Dispatches an event on a hooked XHR the way the native one would fire it; the `on...` handler
 * properties run too, since they are listeners. Returns false when a listener started another
 * request or aborted this one (the caller must then stop).
 */
export function fire(
  context: XhrContext,
  xhr: XMLHttpRequest,
  state: XhrState,
  type: string,
  loaded?: number,
): boolean {
  const { natives } = context;
  const generation = state.generation;
  const event =
    type === "readystatechange"
      ? new natives.Event(type)
      : new natives.ProgressEvent(type, {
          loaded: loaded ?? 0,
          total: loaded ?? 0,
          lengthComputable: loaded !== undefined,
        });
  call(natives, natives.dispatchEvent, xhr, event);
  return state.generation === generation;
}

/** readyState change then its readystatechange event; false when a listener took over. */
export function moveTo(
  context: XhrContext,
  xhr: XMLHttpRequest,
  state: XhrState,
  readyState: number,
): boolean {
  state.readyState = readyState;
  return fire(context, xhr, state, "readystatechange");
}
