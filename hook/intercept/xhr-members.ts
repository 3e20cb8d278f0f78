import { call } from "./natives.js";
import { resolveUrl } from "./request-info.js";
import { allHeaders, headerValue, heldResponse, heldResponseText } from "./xhr-body.js";
import { endHeld } from "./xhr-engine.js";
import { holdForEngine, matchXhr } from "./xhr-send.js";
import { type XhrContext, type XhrState, invalidState, releaseHeld } from "./xhr-state.js";

/**
 * The members of the hooked XMLHttpRequest.prototype that differ from the native ones. Each
 * delegates to the native member unless the hook holds the current request (phases "waiting" for
 * the methods, "engine"/"aborted" for the response members), so a passed-through or fallen-back
 * request is the native XHR's own behaviour, errors included.
 */
export interface HookedMember {
  name: string;
  kind: "method" | "get" | "set";
  fn: (...args: never[]) => unknown;
}

type Native = XhrContext["native"];

export function hookedMembers(context: XhrContext): HookedMember[] {
  const { natives, native, states } = context;
  const stateOf = (xhr: XMLHttpRequest): XhrState | undefined => states.get(xhr);
  /** The hook answers reads only while it plays a response (engine) or an abort. */
  const held = (state: XhrState | undefined): state is XhrState =>
    state !== undefined && (state.phase === "engine" || state.phase === "aborted");
  const nativeGet = <R>(xhr: XMLHttpRequest, get: (this: XMLHttpRequest) => R): R =>
    call(natives, get, xhr);
  const type = (xhr: XMLHttpRequest) => nativeGet(xhr, native.responseType);

  const getter = (
    name: keyof Native,
    own: (xhr: XMLHttpRequest, state: XhrState) => unknown,
  ): HookedMember => ({
    name,
    kind: "get",
    fn: function (this: XMLHttpRequest) {
      const state = stateOf(this);
      return held(state) ? own(this, state) : nativeGet(this, native[name] as () => unknown);
    },
  });

  return [
    {
      name: "open",
      kind: "method",
      fn: function (this: XMLHttpRequest, ...args: unknown[]) {
        const state = stateOf(this);
        if (state !== undefined) resetForOpen(state);
        natives.apply(native.open, this, args);
        if (state !== undefined) recordOpen(context, state, args);
      },
    },
    {
      name: "setRequestHeader",
      kind: "method",
      fn: function (this: XMLHttpRequest, ...args: unknown[]) {
        const state = stateOf(this);
        if (state !== undefined && state.phase !== "native") {
          throw invalidState(context, "setRequestHeader");
        }
        natives.apply(native.setRequestHeader, this, args);
        const [name, value] = args;
        if (state !== undefined && typeof name === "string" && name.toLowerCase() === "range") {
          const text = String(value);
          state.range = state.range === undefined ? text : `${state.range}, ${text}`;
        }
      },
    },
    {
      name: "send",
      kind: "method",
      fn: function (this: XMLHttpRequest, ...args: unknown[]) {
        const state = stateOf(this);
        if (state !== undefined && state.phase !== "native") throw invalidState(context, "send");
        const match = state === undefined ? undefined : matchXhr(context, this, state);
        if (state === undefined || match === undefined) {
          natives.apply(native.send, this, args);
          return;
        }
        holdForEngine(context, this, state, match, args);
      },
    },
    {
      name: "abort",
      kind: "method",
      fn: function (this: XMLHttpRequest) {
        const state = stateOf(this);
        if (state?.phase === "waiting" || state?.phase === "engine") {
          endHeld(context, this, state, "abort");
          return;
        }
        if (state?.phase === "aborted") return;
        call(natives, native.abort, this);
      },
    },
    {
      name: "getResponseHeader",
      kind: "method",
      fn: function (this: XMLHttpRequest, ...args: unknown[]) {
        const state = stateOf(this);
        if (!held(state) || args.length === 0) {
          return natives.apply(native.getResponseHeader, this, args);
        }
        return state.phase === "engine" ? headerValue(state, args[0]) : null;
      },
    },
    {
      name: "getAllResponseHeaders",
      kind: "method",
      fn: function (this: XMLHttpRequest) {
        const state = stateOf(this);
        if (!held(state)) return call(natives, native.getAllResponseHeaders, this);
        return state.phase === "engine" ? allHeaders(state) : "";
      },
    },
    getter("readyState", (_xhr, state) => state.readyState),
    getter("status", (_xhr, state) =>
      state.phase === "engine" && state.readyState >= 2 ? (state.head?.status ?? 0) : 0,
    ),
    getter("statusText", (_xhr, state) =>
      state.phase === "engine" && state.readyState >= 2 ? (state.head?.statusText ?? "") : "",
    ),
    getter("responseURL", (_xhr, state) => (state.phase === "engine" ? (state.url ?? "") : "")),
    getter("response", (xhr, state) => {
      const responseType = type(xhr);
      if (state.phase === "engine") return heldResponse(context, state, responseType);
      return responseType === "" || responseType === "text" ? "" : null;
    }),
    getter("responseText", (xhr, state) => {
      const text = heldResponseText(context, state, type(xhr));
      return state.phase === "engine" ? text : "";
    }),
    getter("responseXML", (xhr) => {
      const responseType = type(xhr);
      if (responseType !== "" && responseType !== "document") {
        throw new natives.DOMException(
          "Failed to read the 'responseXML' property from 'XMLHttpRequest': The value is only " +
            `accessible if the object's 'responseType' is '' or 'document' (was '${responseType}').`,
          "InvalidStateError",
        );
      }
      return null;
    }),
    {
      name: "timeout",
      kind: "get",
      fn: function (this: XMLHttpRequest) {
        const state = stateOf(this);
        return state !== undefined ? state.pageTimeout : nativeGet(this, native.timeout);
      },
    },
    {
      name: "timeout",
      kind: "set",
      fn: function (this: XMLHttpRequest, value: unknown) {
        call(natives, native.setTimeout, this, value);
        const state = stateOf(this);
        if (state !== undefined) state.pageTimeout = nativeGet(this, native.timeout);
      },
    },
    {
      name: "responseType",
      kind: "set",
      fn: function (this: XMLHttpRequest, value: unknown) {
        const state = stateOf(this);
        if (state?.phase === "engine" && state.readyState >= 3) {
          throw new natives.DOMException(
            "Failed to set the 'responseType' property on 'XMLHttpRequest': The response type " +
              "cannot be set if the object's state is LOADING or DONE.",
            "InvalidStateError",
          );
        }
        call(natives, native.setResponseType, this, value);
        if (state !== undefined) state.response = undefined;
      },
    },
  ];
}

/** open() ends whatever the hook held for the previous request, silently, as natively. */
function resetForOpen(state: XhrState): void {
  releaseHeld(state, "native");
  state.match = undefined;
  state.range = undefined;
  state.url = undefined;
  state.method = undefined;
  state.eligible = false;
}

/** Keeps what open() was given, as far as the hook can read it without running page code. */
function recordOpen(context: XhrContext, state: XhrState, args: unknown[]): void {
  const [method, url, async, user, password] = args;
  const { natives } = context;
  state.method = typeof method === "string" ? method.toUpperCase() : undefined;
  if (typeof url === "string") state.url = resolveUrl(natives, url);
  else if (url instanceof natives.URL) state.url = resolveUrl(natives, url.href);
  const isAsync = args.length < 3 || Boolean(async);
  const hasCredentials =
    (user !== undefined && user !== null) || (password !== undefined && password !== null);
  state.eligible = isAsync && !hasCredentials && state.url !== undefined;
}
