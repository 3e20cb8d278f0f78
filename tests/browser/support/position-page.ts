/**
 * Browser side of the position tests, bundled by esbuild into an IIFE that test pages load
 * first: the real page hook (stream registry, PageSegmentSource, fetch/XHR interceptors and the
 * media watch) with a recording engine in place of the relay. The engine misses every get, so
 * the player fetches from the origin, and logs every call in one sequence with the source's
 * matches, so tests can tell whether the queue moved before or after a request. `hook=0` in the
 * page URL installs nothing (for comparisons with the natives).
 */
import type { EngineClient } from "../../../hook/engine-client.js";
import { installInterceptors } from "../../../hook/intercept/index.js";
import { installMediaWatch } from "../../../hook/media/index.js";
import { PageSegmentSource } from "../../../hook/page-source.js";
import { StreamRegistry } from "../../../hook/stream/index.js";
import type { EngineEntry } from "./position-types.js";

/** The members the media watch replaces, as they were before any install. */
const originals: Record<string, unknown> = {
  createObjectURL: Reflect.get(URL, "createObjectURL"),
  addSourceBuffer: Reflect.get(MediaSource.prototype, "addSourceBuffer"),
  setMediaKeys: Reflect.get(HTMLMediaElement.prototype, "setMediaKeys"),
};

const log: EngineEntry[] = [];
let inMatch = false;
const record = (entry: Omit<EngineEntry, "seq" | "inMatch">) => {
  log.push({ ...entry, seq: log.length, inMatch });
};

const engine: EngineClient = {
  // Ready from the start: these tests follow the queue, not the engine's start-up.
  ready: true,
  warmUp() {
    record({ kind: "warm-up", swarmId: "" });
  },
  load(swarmId, segments) {
    record({
      kind: "load",
      swarmId,
      segments: segments.map(({ id, url, priority }) => ({ id, url, priority })),
    });
  },
  getSegment(swarmId, segmentId) {
    record({ kind: "get", swarmId, segmentId });
    return Promise.resolve(undefined);
  },
  putSegment(segment) {
    record({ kind: "put", swarmId: segment.swarmId, segmentId: segment.segmentId });
  },
  stop() {
    record({ kind: "stop", swarmId: "" });
  },
  standAside() {
    record({ kind: "stand-aside", swarmId: "" });
  },
};

const source = new PageSegmentSource(new StreamRegistry(), engine);
const match = source.match.bind(source);
source.match = (request) => {
  inMatch = true;
  try {
    const found = match(request);
    if (found) {
      record({
        kind: "match",
        swarmId: found.swarmId,
        segmentId: found.segmentId,
        url: request.url,
      });
    }
    return found;
  } finally {
    inMatch = false;
  }
};

let uninstall: () => void = () => undefined;

const api = {
  log: (): EngineEntry[] => log,
  install(): () => void {
    const undoNetwork = installInterceptors(window, source);
    const undoMedia = installMediaWatch(window, source);
    return () => {
      undoMedia();
      undoNetwork();
    };
  },
  uninstall(): void {
    uninstall();
  },
  /** Whether each replaced member is the original again. */
  restored(): Record<string, boolean> {
    return {
      createObjectURL: Reflect.get(URL, "createObjectURL") === originals.createObjectURL,
      addSourceBuffer:
        Reflect.get(MediaSource.prototype, "addSourceBuffer") === originals.addSourceBuffer,
      setMediaKeys:
        Reflect.get(HTMLMediaElement.prototype, "setMediaKeys") === originals.setMediaKeys,
    };
  },
  /** Whether anything reachable from the current members (own properties, prototypes) is an original. */
  reachesOriginal(): boolean {
    const seen = new Set<unknown>();
    const stop = new Set<unknown>([Object.prototype, Function.prototype, EventTarget.prototype]);
    const queue: unknown[] = [URL, MediaSource, HTMLMediaElement, SourceBuffer];
    const targets = Object.values(originals);
    while (queue.length > 0) {
      const value = queue.shift();
      if ((typeof value !== "object" && typeof value !== "function") || value === null) continue;
      if (seen.has(value) || stop.has(value)) continue;
      seen.add(value);
      if (targets.includes(value)) return true;
      queue.push(Object.getPrototypeOf(value));
      for (const descriptor of Object.values(Object.getOwnPropertyDescriptors(value))) {
        queue.push(
          ...["value", "get", "set"].map((slot) => Reflect.get(descriptor, slot) as unknown),
        );
      }
    }
    return false;
  },
};

declare global {
  interface Window {
    __ptest: typeof api;
  }
}

window.__ptest = api;
if (new URLSearchParams(location.search).get("hook") !== "0") uninstall = api.install();
