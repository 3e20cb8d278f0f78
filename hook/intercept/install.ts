import type { SegmentSource } from "../segment-source.js";
import { createFetch } from "./fetch-wrapper.js";
import { captureNatives, type HookWindow } from "./natives.js";
import { createXMLHttpRequest } from "./xhr-wrapper.js";

/**
 * The windows this copy of the hook is installed on. Kept here, not as a mark on the window: a
 * page could find any property or symbol we left there (SECURITY.md, "Fingerprinting"). The
 * browser injects a registered content script once per document, so no second copy of the hook
 * runs beside this one.
 */
const installed = new WeakSet();

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
    if (installed.has(win)) return noop;
    const natives = captureNatives(win);
    let active = true;
    const isActive = () => active;
    const hookedFetch = createFetch(natives, source, isActive);
    const hookedXhr = createXMLHttpRequest(natives, source, isActive);
    installed.add(win);
    replaceGlobal(win, "fetch", hookedFetch);
    replaceGlobal(win, "XMLHttpRequest", hookedXhr);
    return () => {
      if (!active) return;
      active = false;
      if (win.fetch === hookedFetch) replaceGlobal(win, "fetch", natives.fetch);
      if (win.XMLHttpRequest === hookedXhr)
        replaceGlobal(win, "XMLHttpRequest", natives.XMLHttpRequest);
      installed.delete(win);
    };
  } catch {
    return noop;
  }
}
