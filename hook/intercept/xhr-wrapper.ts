import type { SegmentSource } from "../segment-source.js";
import { call, type Natives } from "./natives.js";
import { disguise } from "./native-look.js";
import { type Scrub, stackScrubber } from "./stack-scrub.js";
import { captureNativeXhr } from "./xhr-native.js";
import { type HookedMember, hookedMembers } from "./xhr-members.js";
import { type XhrContext, type XhrState, newXhrState } from "./xhr-state.js";
import { tapCompletedXhr } from "./xhr-taps.js";

const CONSTANTS = ["UNSENT", "OPENED", "HEADERS_RECEIVED", "LOADING", "DONE"];

/**
 * The page's new XMLHttpRequest. `new XMLHttpRequest()` returns a real native XHR whose prototype
 * is a copy of the native prototype with a few members replaced (xhr-members.ts); its chain goes
 * on to the native XMLHttpRequestEventTarget.prototype, so the native constructor and prototype
 * are never reachable from the page, `instanceof` and subclassing work, and every member the hook
 * does not replace is the native one running on a native object.
 */
export function createXMLHttpRequest(
  natives: Natives,
  source: SegmentSource,
  isActive: () => boolean,
): typeof XMLHttpRequest {
  const NativeXhr = natives.XMLHttpRequest;
  const context: XhrContext = {
    natives,
    source,
    isActive,
    native: captureNativeXhr(natives),
    states: new WeakMap(),
  };
  const scrub = stackScrubber();
  const proto = hookedPrototype(context, scrub);
  const Hooked = function XMLHttpRequest(this: unknown): XMLHttpRequest {
    if ((new.target as unknown) === undefined) {
      const error = new natives.window.TypeError(
        "Failed to construct 'XMLHttpRequest': Please use the 'new' operator, this DOM object " +
          "constructor cannot be called as a function.",
      );
      scrub(error);
      throw error;
    }
    const xhr = natives.construct(NativeXhr, [], new.target) as XMLHttpRequest;
    const state = newXhrState();
    context.states.set(xhr, state);
    listen(context, xhr, state);
    return xhr;
  };
  Object.defineProperty(Hooked, "prototype", { value: proto, writable: false });
  Object.defineProperty(proto, "constructor", {
    value: Hooked,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  for (const name of CONSTANTS) {
    const descriptor = Object.getOwnPropertyDescriptor(NativeXhr, name);
    if (descriptor !== undefined) Object.defineProperty(Hooked, name, descriptor);
  }
  Object.setPrototypeOf(Hooked, natives.XMLHttpRequestEventTarget);
  disguise(natives, Hooked, NativeXhr, "XMLHttpRequest");
  return Hooked as unknown as typeof XMLHttpRequest;
}

/**
 * A member as the page gets it: a method (like the native, no `prototype` and not constructible)
 * that runs the hooked one and takes our frames out of whatever it throws (a bad argument to
 * open(), send() before open(): the native's own errors).
 */
function pageMember(fn: HookedMember["fn"], natives: Natives, scrub: Scrub): HookedMember["fn"] {
  const holder = {
    member(this: unknown, ...args: never[]): unknown {
      try {
        return natives.apply(fn, this, args);
      } catch (error) {
        scrub(error);
        throw error;
      }
    },
  };
  const member: HookedMember["fn"] = Reflect.get(holder, "member");
  return member;
}

/** A copy of the native prototype's own members, with the hooked ones in their place. */
function hookedPrototype(context: XhrContext, scrub: Scrub): object {
  const { natives } = context;
  const nativeProto = natives.XMLHttpRequest.prototype;
  const proto = Object.create(natives.XMLHttpRequestEventTarget.prototype) as object;
  for (const key of Reflect.ownKeys(nativeProto)) {
    const descriptor = Object.getOwnPropertyDescriptor(nativeProto, key);
    if (descriptor !== undefined) Object.defineProperty(proto, key, descriptor);
  }
  for (const member of hookedMembers(context)) {
    const descriptor = Object.getOwnPropertyDescriptor(nativeProto, member.name);
    if (descriptor === undefined) continue;
    const slot = member.kind === "method" ? "value" : member.kind;
    const original: unknown = Reflect.get(descriptor, slot);
    if (typeof original !== "function") continue;
    const label = member.kind === "method" ? member.name : `${member.kind} ${member.name}`;
    const fn = pageMember(member.fn, natives, scrub);
    disguise(natives, fn, original, label);
    const current = Object.getOwnPropertyDescriptor(proto, member.name) ?? descriptor;
    Object.defineProperty(proto, member.name, {
      ...current,
      [slot]: fn,
    });
  }
  return proto;
}

/**
 * The hook's own listeners, registered before any of the page's: one hides the native loadstart
 * of a request that fell back after the hook already fired loadstart; one reads a natively
 * completed response for the source before the page can detach its buffer.
 */
function listen(context: XhrContext, xhr: XMLHttpRequest, state: XhrState): void {
  const { natives } = context;
  const onLoadstart = (event: Event) => {
    if (state.suppressLoadstart) call(natives, natives.stopImmediatePropagation, event);
  };
  const onReadyStateChange = () => {
    if (state.phase !== "native") return;
    if (call(natives, context.native.readyState, xhr) === 4) tapCompletedXhr(context, xhr, state);
  };
  call(natives, natives.addEventListener, xhr, "loadstart", onLoadstart, true);
  call(natives, natives.addEventListener, xhr, "readystatechange", onReadyStateChange);
}
