import type { HookWindow } from "../intercept";
import { disguise } from "../intercept/native-look";
import { stackScrubber } from "../intercept/stack-scrub";
import type { MediaObserver } from "../position/types";
import { captureMediaNatives, type MediaNatives, type Patchable } from "./media-natives";
import { MediaTracker } from "./media-tracker";

/** The windows the media watch is installed on (not a mark on the window: see hook/intercept/install.ts). */
const installed = new WeakSet();

const noop = () => undefined;

type Method = (this: unknown, ...args: unknown[]) => unknown;

function safely(run: () => void): void {
  try {
    run();
  } catch {
    // Bookkeeping only: the page's call has already got its native result.
  }
}

/**
 * The wrapper of one native method: calls the original with the page's `this` and arguments
 * and returns (or throws) exactly what it does; `before`/`after` only record. Written as an
 * object-literal method so that, like the native, it has no prototype and cannot be `new`ed.
 */
function wrap(
  natives: MediaNatives,
  patch: Patchable,
  isActive: () => boolean,
  hooks: {
    before?: (self: unknown, args: unknown[]) => void;
    after?: (self: unknown, args: unknown[], result: unknown) => void;
  },
): Method {
  const original = patch.original;
  const scrub = stackScrubber();
  const holder = {
    method(this: unknown, ...args: unknown[]): unknown {
      try {
        return run(this, args);
      } catch (error) {
        // The native's own error (addSourceBuffer of an unsupported type), without our frames.
        scrub(error);
        throw error;
      }
    },
  };
  function run(self: unknown, args: unknown[]): unknown {
    if (!isActive()) return natives.apply(original, self, args);
    const before = hooks.before;
    if (before !== undefined)
      safely(() => {
        before(self, args);
      });
    const result: unknown = natives.apply(original, self, args);
    const after = hooks.after;
    if (after !== undefined)
      safely(() => {
        after(self, args, result);
      });
    return result;
  }
  const wrapper: Method = Reflect.get(holder, "method");
  disguise(natives, wrapper, original, patch.name);
  return wrapper;
}

/**
 * Installs the media watch: wraps URL.createObjectURL (which blob: URL is which MediaSource),
 * MediaSource.prototype.addSourceBuffer (and ManagedMediaSource's own, if it has one: which
 * SourceBuffers, of which content type), HTMLMediaElement.prototype.setMediaKeys (EME) and
 * RTCPeerConnection.prototype.createDataChannel (a P2P loader of the page's own), and listens to
 * the rest (media/tracker). The wrappers call the natives with the page's own `this`
 * and arguments and hand back exactly their results; they look native (name, length, toString).
 * Idempotent; returns the uninstaller, which puts each original back where the page has not
 * replaced the wrapper since, removes every listener and makes kept wrappers pass-throughs.
 * A window without MediaSource, or any failure, leaves the window as it was.
 */
export function installMediaWatch(win: HookWindow, observer: MediaObserver): () => void {
  const applied: { patch: Patchable; wrapper: Method }[] = [];
  const restore = () => {
    for (const { patch, wrapper } of applied.splice(0)) {
      if (Object.getOwnPropertyDescriptor(patch.target, patch.name)?.value === wrapper) {
        Object.defineProperty(patch.target, patch.name, patch.descriptor);
      }
    }
  };
  try {
    if (installed.has(win)) return noop;
    const natives = captureMediaNatives(win);
    if (natives === undefined) return noop;
    let active = true;
    const isActive = () => active;
    const tracker = new MediaTracker(natives, observer, isActive);
    const wrappers: { patch: Patchable; wrapper: Method }[] = [
      {
        patch: natives.createObjectURL,
        wrapper: wrap(natives, natives.createObjectURL, isActive, {
          after: (_self, args, url) => {
            tracker.objectUrl(args[0], url);
          },
        }),
      },
      ...natives.addSourceBuffer.map((patch) => ({
        patch,
        wrapper: wrap(natives, patch, isActive, {
          after: (self, args, buffer) => {
            tracker.sourceBuffer(self, buffer, args[0]);
          },
        }),
      })),
    ];
    const setMediaKeys = natives.setMediaKeys;
    if (setMediaKeys !== undefined) {
      wrappers.push({
        patch: setMediaKeys,
        wrapper: wrap(natives, setMediaKeys, isActive, {
          // Before the native call: a rejected setMediaKeys still means the page does DRM.
          before: (_self, args) => {
            if (args[0] !== null && args[0] !== undefined) tracker.mediaKeysSet();
          },
        }),
      });
    }
    const createDataChannel = natives.createDataChannel;
    if (createDataChannel !== undefined) {
      wrappers.push({
        patch: createDataChannel,
        wrapper: wrap(natives, createDataChannel, isActive, {
          before: () => {
            tracker.dataChannelOpened();
          },
        }),
      });
    }
    for (const entry of wrappers) {
      Object.defineProperty(entry.patch.target, entry.patch.name, {
        ...entry.patch.descriptor,
        value: entry.wrapper,
      });
      applied.push(entry);
    }
    tracker.start();
    installed.add(win);
    return () => {
      if (!active) return;
      active = false;
      restore();
      tracker.destroy();
      installed.delete(win);
    };
  } catch {
    restore();
    return noop;
  }
}
