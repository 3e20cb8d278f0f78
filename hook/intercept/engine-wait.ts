import type { SegmentMatch, SegmentSource } from "../segment-source.js";
import { call, type Natives } from "./natives.js";

/** How a wait for the engine ends. */
export type EngineAnswer =
  | { kind: "bytes"; bytes: Uint8Array<ArrayBuffer> }
  /** The engine had nothing in time, failed, or sent the wrong size: go to the network. */
  | { kind: "miss" }
  /** The player gave up (its signal or abort()) while the hook was waiting. */
  | { kind: "aborted" };

/** A wait in progress; cancel() ends it as "aborted" and tells the engine to stop. */
export interface EngineWait {
  readonly answer: Promise<EngineAnswer>;
  cancel(): void;
}

/**
 * Asks the engine for a matched segment. The signal handed to the engine aborts at
 * `match.deadlineMs` (or `capMs` when sooner, e.g. an XHR timeout), when `playerSignal` aborts,
 * and when cancel() is called. Never rejects: whatever goes wrong is a miss.
 */
export function waitForEngine(
  natives: Natives,
  source: SegmentSource,
  match: SegmentMatch,
  playerSignal: AbortSignal | undefined,
  capMs = Infinity,
): EngineWait {
  if (match.deadlineMs <= 0) {
    return { answer: Promise.resolve({ kind: "miss" }), cancel: () => undefined };
  }
  const controller = new natives.AbortController();
  let settle: (answer: EngineAnswer) => void = () => undefined;
  let settled = false;
  const answer = new Promise<EngineAnswer>((resolve) => {
    settle = resolve;
  });
  const onPlayerAbort = () => {
    finish({ kind: "aborted" });
  };
  const deadline = Math.max(0, Math.min(match.deadlineMs, capMs));
  const timer = natives.setTimeout(() => {
    finish({ kind: "miss" });
  }, deadline);
  function finish(result: EngineAnswer): void {
    if (settled) return;
    settled = true;
    natives.clearTimeout(timer);
    if (playerSignal !== undefined) {
      call(natives, natives.removeEventListener, playerSignal, "abort", onPlayerAbort);
    }
    if (result.kind !== "bytes") controller.abort();
    settle(result);
  }
  if (playerSignal !== undefined) {
    call(natives, natives.addEventListener, playerSignal, "abort", onPlayerAbort);
  }
  try {
    source.fromEngine(match, controller.signal).then(
      (buffer) => {
        finish(acceptBytes(match, buffer));
      },
      () => {
        finish({ kind: "miss" });
      },
    );
  } catch {
    finish({ kind: "miss" });
  }
  return {
    answer,
    cancel: () => {
      finish({ kind: "aborted" });
    },
  };
}

/** Bytes are used only when they are a non-empty ArrayBuffer of the size the manifest expects. */
function acceptBytes(match: SegmentMatch, buffer: unknown): EngineAnswer {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return { kind: "miss" };
  if (match.size !== undefined && buffer.byteLength !== match.size) return { kind: "miss" };
  return { kind: "bytes", bytes: new Uint8Array(buffer.slice(0)) };
}
