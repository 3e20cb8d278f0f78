import type { EngineClient } from "./engine-client";
import type { InterceptedRequest, SegmentMatch, SegmentSource } from "./segment-source";
import type { StreamRegistry, UpcomingSegment } from "./stream";

/** Segments queued ahead of the one the player asked for. */
export const QUEUE_AHEAD = 12;

const rangeHeader = (range: UpcomingSegment["range"]) =>
  range === undefined
    ? undefined
    : `bytes=${String(range.offset)}-${range.length === undefined ? "" : String(range.offset + range.length - 1)}`;

/**
 * The page's SegmentSource: the stream registry decides what a request is; the engine, through
 * the relay, answers it or takes a copy. Each segment request also tells the engine what comes
 * next in that swarm, so peers can deliver it before the player asks.
 */
export class PageSegmentSource implements SegmentSource {
  constructor(
    private readonly registry: StreamRegistry,
    private readonly engine: EngineClient,
  ) {}

  match(request: InterceptedRequest): SegmentMatch | undefined {
    const match = this.registry.match(request);
    if (match) this.queueAfter(match);
    return match;
  }

  fromEngine(match: SegmentMatch, signal: AbortSignal): Promise<ArrayBuffer | undefined> {
    return this.engine.getSegment(match.swarmId, match.segmentId, match.deadlineMs, signal);
  }

  fromNetwork(match: SegmentMatch, bytes: ArrayBuffer): void {
    const segment = this.registry
      .segments(match.swarmId)
      .find((candidate) => candidate.id === match.segmentId);
    if (!segment) return;
    this.engine.putSegment({
      swarmId: match.swarmId,
      segmentId: match.segmentId,
      url: segment.url,
      range: rangeHeader(segment.range),
      bytes,
    });
  }

  isManifestCandidate(url: string, contentType: string | null): boolean {
    return this.registry.isManifestCandidate(url, contentType);
  }

  observeManifest(url: string, contentType: string | null, text: string): void {
    this.registry.observeManifest(url, contentType, text);
  }

  /** The engine's queue for the swarm: the segments after the one just requested. */
  private queueAfter(match: SegmentMatch): void {
    const upcoming = this.registry.upcoming(match.swarmId, match.segmentId, QUEUE_AHEAD);
    this.engine.load(
      match.swarmId,
      upcoming.map((segment) => {
        const range = rangeHeader(segment.range);
        return {
          id: segment.segmentId,
          url: segment.url,
          ...(range ? { range } : {}),
          priority: segment.priority,
        };
      }),
    );
  }
}
