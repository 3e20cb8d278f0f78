import type { SegmentSource } from "../segment-source.js";
import { createFetch } from "./fetch-wrapper.js";
import { captureNatives, type HookWindow } from "./natives.js";
import { createXMLHttpRequest } from "./xhr-wrapper.js";

/**
 * The mark of an installed hook on the window: a registry symbol, so a second copy of the hook
 * (another bundle, a re-injected content script) sees it too. Non-enumerable, value `true`: it
 * gives the page nothing to call.
 */
const INSTALLED = Symbol.for("peercast-video.intercept");

const noop = () => undefined;

function replaceGlobal(win: HookWindow, name: "fetch" | "XMLHttpRequest", value: unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(win, name);
  Object.defineProperty(win, name, {
    value,
    writable: descriptor?.writable ?? true,
    enumerable: descriptor?.enumerable ?? false,
    configurable: true,
  });
}

/**
 * Wraps `fetch` and `XMLHttpRequest` of `win` so that segment requests the source matches can be
 * answered from the engine, and every response that may be a manifest is shown to the source.
 * Idempotent: while installed, another call changes nothing and returns a no-op. Returns the
 * uninstaller, which puts the originals back where the page has not replaced the wrappers since,
 * and turns every wrapper the page still holds into a plain pass-through. Any failure while
 * installing leaves the window as it was.
 */
export function installInterceptors(win: HookWindow, source: SegmentSource): () => void {
  try {
    if (Object.prototype.hasOwnProperty.call(win, INSTALLED)) return noop;
    const natives = captureNatives(win);
    let active = true;
    const isActive = () => active;
    const hookedFetch = createFetch(natives, source, isActive);
    const hookedXhr = createXMLHttpRequest(natives, source, isActive);
    Object.defineProperty(win, INSTALLED, { value: true, configurable: true, enumerable: false });
    replaceGlobal(win, "fetch", hookedFetch);
    replaceGlobal(win, "XMLHttpRequest", hookedXhr);
    return () => {
      if (!active) return;
      active = false;
      if (win.fetch === hookedFetch) replaceGlobal(win, "fetch", natives.fetch);
      if (win.XMLHttpRequest === hookedXhr)
        replaceGlobal(win, "XMLHttpRequest", natives.XMLHttpRequest);
      Reflect.deleteProperty(win, INSTALLED);
    };
  } catch {
    return noop;
  }
}
