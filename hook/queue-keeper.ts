import { LIMITS } from "../messaging/limits";
import type { SegmentDescriptor } from "../messaging/segment-descriptor";
import type { EngineClient } from "./engine-client";
import type { ByteRange } from "./stream";

/** A manifest byte range as the Range header value the core's Segment carries. */
export const rangeHeader = (range: ByteRange | undefined): string | undefined =>
  range === undefined
    ? undefined
    : `bytes=${String(range.offset)}-${range.length === undefined ? "" : String(range.offset + range.length - 1)}`;

/** One queue entry for the engine; priorities are capped where the relay's schema caps them. */
export function descriptorOf(
  segment: { id: string; url: string; range: ByteRange | undefined; encrypted?: true },
  priority: number,
): SegmentDescriptor {
  const range = rangeHeader(segment.range);
  return {
    id: segment.id,
    url: segment.url,
    ...(range ? { range } : {}),
    priority: Math.min(Math.max(Math.floor(priority), 0), LIMITS.maxPriority),
    ...(segment.encrypted ? { encrypted: true } : {}),
  };
}

const signatureOf = (segments: readonly SegmentDescriptor[]) =>
  segments.map((segment) => `${segment.id}\u0000${String(segment.priority)}`).join("\u0001");

/**
 * The last queue sent to the engine per swarm. A queue equal to the last one is not sent again:
 * each load() is a message through the relay and a re-plan in the engine, and the position
 * triggers many recomputations that change nothing.
 */
export class QueueKeeper {
  private readonly sent = new Map<string, string>();

  constructor(private readonly engine: Pick<EngineClient, "load">) {}

  send(swarmId: string, segments: SegmentDescriptor[]): void {
    const signature = signatureOf(segments);
    if (this.sent.get(swarmId) === signature) return;
    this.sent.set(swarmId, signature);
    this.engine.load(swarmId, segments);
  }

  /** Empties every queue that is not empty already (the engine then aborts their downloads). */
  clearAll(): void {
    for (const [swarmId, signature] of this.sent) {
      if (signature !== "") this.send(swarmId, []);
    }
  }
}
