import type { EngineClient } from "./engine-client";
import type { InterceptedRequest, SegmentMatch, SegmentSource } from "./segment-source";
import { planRequest, QUEUE_AHEAD } from "./request-policy";
import type { StreamRegistry, UpcomingSegment } from "./stream";

/** The engine starts at the latest this long after the page's first segment request (ms). */
export const START_AT_LATEST_MS = 2000;

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
  /** The swarm each track type ("main", "video", "audio") is playing from now. */
  private readonly current = new Map<string, string>();
  /** The engine was asked to start (see match). */
  private started = false;
  private startTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly registry: StreamRegistry,
    private readonly engine: EngineClient,
    /** How long what the player holds ahead of its playhead lasts, in s (buffer-ahead.ts). */
    private readonly ahead: () => number,
  ) {}

  /**
   * A segment request of a known stream, and how long it may wait (request-policy.ts). The
   * engine is started at the first request that can wait (the player holds a few seconds), or
   * START_AT_LATEST_MS after the first one: starting it costs ~150 ms of CPU, which on a small
   * machine would slow the player's own start-up, and the first segments come from the network
   * (HTTP first for a fast start) anyway. Until then the engine hears nothing from this page.
   */
  match(request: InterceptedRequest): SegmentMatch | undefined {
    const found = this.registry.match(request);
    if (!found) return undefined;
    const plan = planRequest(this.ahead(), found.deadlineMs, this.engine.ready);
    if (!this.started) {
      if (plan.direct) {
        this.startTimer ??= setTimeout(() => {
          this.start();
        }, START_AT_LATEST_MS);
        return { ...found, deadlineMs: 0 };
      }
      this.start();
    }
    this.queueAfter(found, plan.priority, plan.direct);
    return { ...found, deadlineMs: plan.deadlineMs };
  }

  fromEngine(match: SegmentMatch, signal: AbortSignal): Promise<ArrayBuffer | undefined> {
    return this.engine.getSegment(match.swarmId, match.segmentId, match.deadlineMs, signal);
  }

  fromNetwork(match: SegmentMatch, bytes: ArrayBuffer): void {
    // Before the engine starts, the page's first segments are not kept for peers.
    if (!this.started) return;
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

  private start(): void {
    if (this.started) return;
    this.started = true;
    clearTimeout(this.startTimer);
    this.engine.warmUp();
  }

  /**
   * The engine's queue for the swarm: the segment just requested (at `priority`: the hook is
   * about to wait for it, and a download of it already under way must not be aborted by this
   * very request; left out when the page fetches it itself), then the segments after it.
   */
  private queueAfter(match: SegmentMatch, priority: number, skipRequested: boolean): void {
    // The engine keeps a frame in the swarm of each track it plays (video and audio together);
    // when a track moves to another variant, the old variant's queue is emptied.
    const track =
      this.registry.streams().find((info) => info.swarmId === match.swarmId)?.trackType ?? "main";
    const previous = this.current.get(track);
    if (previous !== undefined && previous !== match.swarmId) this.engine.load(previous, []);
    this.current.set(track, match.swarmId);
    const requested = this.registry
      .segments(match.swarmId)
      .find((segment) => segment.id === match.segmentId);
    const upcoming = this.registry.upcoming(match.swarmId, match.segmentId, QUEUE_AHEAD);
    const queue = [
      ...(requested === undefined || skipRequested
        ? []
        : [{ segmentId: requested.id, ...requested, priority }]),
      ...upcoming.map((segment) => ({ ...segment, priority: segment.priority + priority + 1 })),
    ];
    this.engine.load(
      match.swarmId,
      queue.map((segment) => {
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
