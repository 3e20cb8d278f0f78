import type { EngineClient } from "./engine-client";
import type { InterceptedRequest, SegmentMatch, SegmentSource } from "./segment-source";
import { ManifestError, type StreamRegistry, type UpcomingSegment } from "./stream";

/** Segments queued ahead of the one the player asked for. */
export const QUEUE_AHEAD = 12;
/** Less than this buffered ahead of the playhead (s of playing time), a request is needed next. */
export const URGENT_AHEAD_S = 4;
/** A segment asked for ahead of time may wait for the engine until this much is left (s). */
const SAFETY_S = 2;
/** ... but no longer than this: players read a long wait as a slow network (ms). */
const MAX_PATIENCE_MS = 3000;

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
  private warm = false;

  constructor(
    private readonly registry: StreamRegistry,
    private readonly engine: EngineClient,
    /** How long what the player holds ahead of its playhead lasts, in s (buffer-ahead.ts). */
    private readonly ahead: () => number,
  ) {}

  /**
   * A segment request of a known stream, and how long it may wait for the engine. With little
   * buffered ahead it is needed next: priority 0 and the stream's usual deadline, or no wait at
   * all while the engine is still starting (the page fetches it and hands the engine a copy;
   * the engine's queue then starts after it, so the engine does not fetch it too). Asked for
   * ahead of time, it is priority 1 (the engine may let it wait for peers that are connecting)
   * and the hook may wait longer, leaving SAFETY_S of buffer for the network if the engine fails.
   */
  match(request: InterceptedRequest): SegmentMatch | undefined {
    const found = this.registry.match(request);
    if (!found) return undefined;
    const ahead = this.ahead();
    if (ahead < URGENT_AHEAD_S) {
      const direct = !this.engine.ready;
      this.queueAfter(found, 0, direct);
      return direct ? { ...found, deadlineMs: 0 } : found;
    }
    const patience = Math.round(Math.min(MAX_PATIENCE_MS, (ahead - SAFETY_S) * 1000));
    this.queueAfter(found, 1, false);
    return { ...found, deadlineMs: Math.max(found.deadlineMs, patience) };
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
    const observed = this.registry.observeManifest(url, contentType, text);
    // A stream the hook will serve (not a protected or malformed one): the engine starts now,
    // while the player is still setting up, instead of at its first segment request.
    if (!(observed instanceof ManifestError) && observed.swarmIds.length > 0 && !this.warm) {
      this.warm = true;
      this.engine.warmUp();
    }
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
