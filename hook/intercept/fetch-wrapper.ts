import type { SegmentMatch, SegmentSource } from "../segment-source.js";
import { waitForEngine } from "./engine-wait.js";
import { engineResponse } from "./fetch-response.js";
import type { Natives } from "./natives.js";
import { disguise } from "./native-look.js";
import { type FetchCallInfo, fetchCallInfo } from "./request-info.js";
import { safely, tapManifest, tapSegment } from "./response-taps.js";
import { stackScrubber } from "./stack-scrub.js";

/** What to do with one fetch() call. */
type FetchPlan =
  | { kind: "network"; info: FetchCallInfo | undefined }
  | { kind: "segment"; info: FetchCallInfo; match: SegmentMatch };

function planFetch(natives: Natives, source: SegmentSource, args: unknown[]): FetchPlan {
  try {
    const info = fetchCallInfo(natives, args[0], args[1]);
    if (info?.method !== "GET" || info.signal?.aborted === true) return { kind: "network", info };
    const match = source.match({ url: info.url, method: info.method, range: info.range });
    return match === undefined ? { kind: "network", info } : { kind: "segment", info, match };
  } catch {
    return { kind: "network", info: undefined };
  }
}

/**
 * The page's new `fetch`. Calls the source does not match go to the original fetch at once, with
 * the same `this` and arguments, and the page gets the original's own promise (a reaction on it
 * reads manifest candidates from a clone). Matched GETs wait for the engine up to the match's
 * deadline; an engine answer becomes a synthesized Response, anything else sends the original
 * call unchanged and gives the engine a copy of the body. `isActive()` false (after uninstall,
 * when the page kept a reference) makes it a plain pass-through.
 */
export function createFetch(
  natives: Natives,
  source: SegmentSource,
  isActive: () => boolean,
): typeof fetch {
  const original = natives.fetch;
  // The native's rejection (e.g. "Failed to fetch") carries our frames; our reaction, registered
  // before the page can add its own, takes them out before the page reads the error.
  const scrub = stackScrubber();
  // A method, not a function: like the native fetch it has no prototype and cannot be `new`ed.
  const holder = {
    fetch(this: unknown, ...args: unknown[]): Promise<Response> {
      const network = () => natives.apply(original, this, args);
      // A foreign `this` is the native fetch's to reject ("Illegal invocation").
      const ownThis = this === undefined || this === null || this === natives.window;
      if (!isActive() || !ownThis) {
        const pending = network();
        pending.then(undefined, scrub);
        return pending;
      }
      const plan = planFetch(natives, source, args);
      if (plan.kind === "network") {
        const pending = network();
        const requestUrl = plan.info?.url ?? "";
        pending.then((response) => {
          tapManifest(natives, source, requestUrl, response);
        }, scrub);
        return pending;
      }
      const { info, match } = plan;
      return waitForEngine(natives, source, match, info.signal).answer.then((answer) => {
        if (answer.kind === "bytes") {
          try {
            return engineResponse(natives, info.url, info.range, answer.bytes, info.signal);
          } catch {
            // Fall through to the network.
          }
        }
        if (answer.kind !== "aborted" && match.deadlineMs > 0) {
          // It goes to the network after all: the source leaves it out of the engine's queue.
          safely(() => {
            source.toNetwork(match);
          });
        }
        const pending = network();
        pending.then((response) => {
          tapSegment(natives, source, match, response);
        }, scrub);
        return pending;
      });
    },
  };
  const wrapper: typeof fetch = Reflect.get(holder, "fetch");
  disguise(natives, wrapper, original, "fetch");
  return wrapper;
}
