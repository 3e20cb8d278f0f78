import type { EngineClient } from "./engine-client";
import { isAligned, planQueue } from "./position/plan-queue";
import { Throttle, type ThrottleTimers } from "./position/throttle";
import type { BufferKind, MediaObserver, PlayerPosition, PlayerView } from "./position/types";
import { QueueKeeper, descriptorOf, rangeHeader } from "./queue-keeper";
import type { InterceptedRequest, SegmentMatch, SegmentSource } from "./segment-source";
import { ManifestError, type StreamInfo, type StreamRegistry } from "./stream";

/** Segments queued ahead of the one the player asked for. */
export const QUEUE_AHEAD = 12;

/**
 * Shortest time between two queue updates the position drives (seeks excepted): timeupdate
 * fires 4 times a second, the queue changes about once a segment duration.
 */
export const POSITION_THROTTLE_MS = 500;

type TrackType = StreamInfo["trackType"];

export interface PageSourceOptions {
  /** Timers for the position throttle (default: the window's, taken at construction). */
  timers?: ThrottleTimers;
}

function defaultTimers(): ThrottleTimers {
  const set = globalThis.setTimeout.bind(globalThis);
  const clear = globalThis.clearTimeout.bind(globalThis);
  const now = Date.now.bind(Date);
  return {
    setTimeout: (run, ms) => set(run, ms),
    clearTimeout: (handle) => {
      clear(handle as number);
    },
    now,
  };
}

/**
 * The page's SegmentSource: the stream registry decides what a request is; the engine, through
 * the relay, answers it or takes a copy. It also keeps the engine's queue of what comes next in
 * each swarm the player plays from (one per track type), so peers can deliver it before the
 * player asks:
 * - from the player's position (hook/media/ reports the media element and its SourceBuffers):
 *   the unbuffered segments from the playhead on, priorities by distance (position/plan-queue);
 *   updated on every segment request, at once on a seek, and throttled as the playhead moves;
 * - from requests only, when there is no position to trust (no MediaSource seen, several
 *   elements, a SourceBuffer of the track missing, timelines that disagree): the requested
 *   segment at priority 0 and the QUEUE_AHEAD after it.
 * A frame that uses EME gets no more matches and its queues are emptied.
 */
export class PageSegmentSource implements SegmentSource, MediaObserver {
  /** The swarm each track type ("main", "video", "audio") is playing from now. */
  private readonly current = new Map<TrackType, string>();
  /** Per swarm: did the last request land where the position says the player fetches? */
  private readonly aligned = new Map<string, boolean>();
  /** Per swarm: segments a request is waiting on the engine for. */
  private readonly awaited = new Map<string, Set<string>>();
  private readonly queues: QueueKeeper;
  private readonly throttle: Throttle;
  private view: PlayerView | undefined;
  private isProtected = false;

  constructor(
    private readonly registry: StreamRegistry,
    private readonly engine: EngineClient,
    options: PageSourceOptions = {},
  ) {
    this.queues = new QueueKeeper(engine);
    this.throttle = new Throttle(
      () => {
        this.refreshAll();
      },
      POSITION_THROTTLE_MS,
      options.timers ?? defaultTimers(),
    );
  }

  match(request: InterceptedRequest): SegmentMatch | undefined {
    if (this.isProtected) return undefined;
    const match = this.registry.match(request);
    if (match) this.requested(match);
    return match;
  }

  fromEngine(match: SegmentMatch, signal: AbortSignal): Promise<ArrayBuffer | undefined> {
    const waiting = this.awaited.get(match.swarmId) ?? new Set<string>();
    this.awaited.set(match.swarmId, waiting);
    waiting.add(match.segmentId);
    const answer = this.engine.getSegment(match.swarmId, match.segmentId, match.deadlineMs, signal);
    const done = () => {
      waiting.delete(match.segmentId);
    };
    answer.then(done, done);
    return answer;
  }

  fromNetwork(match: SegmentMatch, bytes: ArrayBuffer): void {
    if (this.isProtected) return;
    const segment = this.registry.segment(match.swarmId, match.segmentId);
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
    const result = this.registry.observeManifest(url, contentType, text);
    // A live refresh adds segments at the edge: the position queue may reach further now.
    if (!(result instanceof ManifestError) && result.swarmIds.some((id) => this.isCurrent(id))) {
      this.throttle.poke(false);
    }
  }

  mediaChanged(view: PlayerView, urgent: boolean): void {
    if (this.isProtected) return;
    this.view = view;
    this.throttle.poke(urgent);
  }

  /** EME: nothing of this frame is served or queued any more; the engine drops its queues. */
  mediaProtected(): void {
    if (this.isProtected) return;
    this.isProtected = true;
    this.throttle.cancel();
    this.queues.clearAll();
    this.current.clear();
  }

  /** Stops the position updates (the page is going away). */
  destroy(): void {
    this.throttle.cancel();
  }

  private isCurrent(swarmId: string): boolean {
    for (const id of this.current.values()) if (id === swarmId) return true;
    return false;
  }

  private requested(match: SegmentMatch): void {
    // The engine keeps a frame in the swarm of each track it plays (video and audio together);
    // when a track moves to another variant, the old variant's queue is emptied.
    const info = this.registry.info(match.swarmId);
    const track = info?.trackType ?? "main";
    const previous = this.current.get(track);
    if (previous !== undefined && previous !== match.swarmId) {
      this.queues.send(previous, []);
      this.aligned.delete(previous);
    }
    this.current.set(track, match.swarmId);
    const position = this.positionOf(track);
    const segment = this.registry.segment(match.swarmId, match.segmentId);
    if (position !== undefined && segment !== undefined && info !== undefined) {
      this.aligned.set(match.swarmId, isAligned(segment, position, info.targetDuration));
    }
    if (!this.planFromPosition(track, position, match.segmentId)) this.queueAfter(match);
  }

  private refreshAll(): void {
    for (const track of this.current.keys()) this.planFromPosition(track, this.positionOf(track));
  }

  /**
   * Queues the swarm of `track` from the player's position, if there is one to trust; false
   * otherwise (the request-driven queue then stands).
   */
  private planFromPosition(
    track: TrackType,
    position: PlayerPosition | undefined,
    requestedId?: string,
  ): boolean {
    const swarmId = this.current.get(track);
    if (swarmId === undefined || position === undefined) return false;
    const info = this.registry.info(swarmId);
    if (info === undefined || this.aligned.get(swarmId) !== true) return false;
    const awaited = new Set(this.awaited.get(swarmId));
    if (requestedId !== undefined) awaited.add(requestedId);
    const plan = planQueue({
      segments: this.registry.segments(swarmId),
      segmentDuration: info.targetDuration,
      position,
      awaited,
      window: QUEUE_AHEAD + 1,
    });
    this.queues.send(
      swarmId,
      plan.map(({ segment, priority }) => descriptorOf(segment, priority)),
    );
    return true;
  }

  /** Where `track`'s segments are buffered: muxed HLS variants land in every SourceBuffer. */
  private positionOf(track: TrackType): PlayerPosition | undefined {
    if (this.view === undefined) return undefined;
    const kind: BufferKind =
      track !== "main" ? track : this.current.has("audio") ? "video" : "media";
    return this.view.positionOf(kind);
  }

  /**
   * The request-driven queue: the segment just requested (priority 0: the hook is about to wait
   * for it, and a download of it already under way must not be aborted by this very request),
   * then the segments after it.
   */
  private queueAfter(match: SegmentMatch): void {
    const requested = this.registry.segment(match.swarmId, match.segmentId);
    const upcoming = this.registry.upcoming(match.swarmId, match.segmentId, QUEUE_AHEAD);
    this.queues.send(match.swarmId, [
      ...(requested === undefined ? [] : [descriptorOf(requested, 0)]),
      ...upcoming.map((segment) =>
        descriptorOf({ ...segment, id: segment.segmentId }, segment.priority + 1),
      ),
    ]);
  }
}
