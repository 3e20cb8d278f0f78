import type { StandAsideReason } from "../messaging/frame-note";
import { leadOf } from "./buffer-ahead";
import type { EngineClient } from "./engine-client";
import { HeldEngine } from "./held-engine";
import { isAligned, planQueue } from "./position/plan-queue";
import { Throttle, type ThrottleTimers } from "./position/throttle";
import type { BufferKind, MediaObserver, PlayerPosition, PlayerView } from "./position/types";
import { QueueKeeper, descriptorOf, rangeHeader } from "./queue-keeper";
import { planRequest, QUEUE_AHEAD } from "./request-policy";
import type { InterceptedRequest, SegmentMatch, SegmentSource } from "./segment-source";
import { ManifestError, type StreamInfo, type StreamRegistry } from "./stream";

/**
 * Shortest time between two queue updates the position drives (seeks excepted): timeupdate
 * fires 4 times a second, the queue changes about once a segment duration.
 */
export const POSITION_THROTTLE_MS = 500;

/**
 * The engine starts, and is let loose, at the latest this long after the page's first segment
 * request (ms), even if the player never shows a frame (one that preloads, paused).
 */
export const START_AT_LATEST_MS = 2000;

/**
 * A request that can wait releases the held engine at the latest this long after it (ms), first
 * frame or not: Shaka's first frame comes soon after its first such request (20-170 ms when that
 * was its third segment, 62 ms now that it is its second), but a player that buffers more before
 * it starts waits for that very segment, or the frame's `playing` never reaches the hook (an
 * element in a shadow root).
 */
export const HOLD_AT_MOST_MS = 500;

/**
 * While the player plays, the engine hears from this frame at least this often (ms), even when
 * there is nothing left to fetch: Firefox suspends an event page (the engine's host there) after
 * about 30 s without a message, and the viewer's peers lose it (PLATFORM-NOTES).
 */
export const KEEP_AWAKE_MS = 10_000;

/**
 * While the engine is starting, up to this long after it was asked to (ms), a request needed
 * next may wait for it (request-policy.ts): its start takes 0.5-0.7 s on a small machine.
 */
export const STARTING_MS = 3000;

/**
 * Before the player's first frame the engine is held (held-engine.ts); a request needed soon
 * that waits for it (request-policy.ts `starting`) goes to the network if the engine is still
 * held this long after it (ms), i.e. the frame has not come (nor another release): Shaka showed
 * its frame 62 ms after asking for its second segment (a logged live run), but a player that
 * needs that segment for its first frame would wait for the engine.
 */
export const PRE_FRAME_WAIT_MS = 250;

/** Page fetches timed at once per swarm (a bound for those that never deliver). */
const MAX_TIMED_FETCHES = 8;
/** How many of the page's last own fetches the network's speed is judged by (the slowest). */
const TIMED_FETCHES_KEPT = 3;

type TrackType = StreamInfo["trackType"];

export interface PageSourceOptions {
  /** Timers for the position throttle and the engine's start (default: the window's). */
  timers?: ThrottleTimers;
  /**
   * The player's lead (playing time, s) when the media watch has no position for the track:
   * read from the document's media elements (buffer-ahead.ts documentLead). Default 0.
   */
  fallbackLead?: () => number;
  /**
   * Whether the frame's player plays when the media watch has no position: read from the
   * document's media elements (buffer-ahead.ts documentPlaying). Default false.
   */
  fallbackPlaying?: () => boolean;
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

/** Per swarm, segment ids: a small two-level set. */
class SwarmSets {
  private readonly sets = new Map<string, Map<string, number>>();
  of(swarmId: string): Map<string, number> {
    let set = this.sets.get(swarmId);
    if (!set) {
      set = new Map();
      this.sets.set(swarmId, set);
    }
    return set;
  }
}

/**
 * The page's SegmentSource: the stream registry decides what a request is; the engine, through
 * the relay, answers it or takes a copy.
 *
 * Each request is handled by the request policy (request-policy.ts): with little buffered it is
 * needed next (priority 0, the usual deadline, or, while the engine is not ready, straight to
 * the network unless the page's own fetches are fast enough to wait for the engine's start);
 * asked for ahead of time, it may wait longer (priority 1).
 *
 * The engine starts at the first request that can wait (the player holds a few seconds, or the
 * page's own fetches are fast enough to wait for its start), or START_AT_LATEST_MS after the
 * first one: starting it costs ~150 ms of CPU, which on a small machine would slow the player's
 * own start-up, and the first segments come from the network (HTTP first for a fast start)
 * anyway. Until then the engine hears nothing from this page. Nor until the player shows its
 * first frame (mediaPlaying: the first `playing` in the frame), or HOLD_AT_MOST_MS after that
 * first request that can wait, or START_AT_LATEST_MS: what the page says to the engine before
 * then is held (held-engine.ts), that request included.
 *
 * It keeps the engine's queue of what comes next in each swarm the player plays from (one per
 * track type), so peers can deliver it before the player asks:
 * - from the player's position (hook/media/ reports the media element and its SourceBuffers):
 *   the unbuffered segments from the playhead on, priorities by distance (position/plan-queue);
 *   updated on every segment request, at once on a seek, and throttled as the playhead moves;
 * - from requests only, when there is no position to trust (no MediaSource seen, several
 *   elements, a SourceBuffer of the track missing, timelines that disagree): the requested
 *   segment and the QUEUE_AHEAD after it.
 * Segments the page fetches itself are left out of both. A frame that uses EME gets no more
 * matches and its queues are emptied.
 */
export class PageSegmentSource implements SegmentSource, MediaObserver {
  /** The swarm each track type ("main", "video", "audio") is playing from now. */
  private readonly current = new Map<TrackType, string>();
  /** Per swarm: did the last request land where the position says the player fetches? */
  private readonly aligned = new Map<string, boolean>();
  /** Per swarm: segments a request is waiting on the engine for, with their priority. */
  private readonly awaited = new SwarmSets();
  /** Per swarm: segments the page is fetching itself (the engine must not fetch them too). */
  private readonly direct = new SwarmSets();
  /** Per swarm: requests needed soon waiting for an engine that is starting. */
  private readonly startingWaits = new SwarmSets();
  /** Per swarm: when the page began fetching a media segment itself, until its bytes are in. */
  private readonly fetchedAt = new SwarmSets();
  /** How long the page's last own fetches of media segments took (s), newest last. */
  private readonly fetchTimes: number[] = [];
  private readonly queues: QueueKeeper;
  private readonly throttle: Throttle;
  private readonly timers: ThrottleTimers;
  private view: PlayerView | undefined;
  /** The frame is left alone (protected media, or the page's own P2P): standAside(). */
  private isAside = false;
  /** The engine was asked to start, and when. */
  private started = false;
  private startedAt = 0;
  private startTimer: unknown;
  private releaseTimer: unknown;
  /** When the engine was last told it is wanted (warmUp). */
  private awakeAt = 0;
  /** The engine, held back until the player's first frame (held-engine.ts). */
  private readonly engine: HeldEngine;

  constructor(
    private readonly registry: StreamRegistry,
    engine: EngineClient,
    private readonly options: PageSourceOptions = {},
  ) {
    this.timers = options.timers ?? defaultTimers();
    this.engine = new HeldEngine(engine, () => this.timers.now());
    this.queues = new QueueKeeper(this.engine);
    this.throttle = new Throttle(
      () => {
        this.refreshAll();
      },
      POSITION_THROTTLE_MS,
      this.timers,
    );
  }

  match(request: InterceptedRequest): SegmentMatch | undefined {
    if (this.isAside) return undefined;
    const found = this.registry.match(request);
    if (!found) return undefined;
    const track = this.trackOf(found.swarmId);
    const position = this.positionOf(track);
    const lead = position === undefined ? (this.options.fallbackLead?.() ?? 0) : leadOf(position);
    const plan = planRequest(lead, found.deadlineMs, this.engine.ready, this.startingRefill());
    if (plan.direct) this.fetching(found);
    const startingWaits = this.startingWaits.of(found.swarmId);
    startingWaits.delete(found.segmentId);
    if (plan.starting) startingWaits.set(found.segmentId, 0);
    if (!this.started) {
      this.startTimer ??= this.timers.setTimeout(() => {
        this.start();
        this.engine.release();
      }, START_AT_LATEST_MS);
      if (plan.direct) return { ...found, deadlineMs: 0 };
      this.start();
      this.releaseTimer = this.timers.setTimeout(() => {
        this.engine.release();
      }, HOLD_AT_MOST_MS);
    }
    const awaited = this.awaited.of(found.swarmId);
    const direct = this.direct.of(found.swarmId);
    direct.delete(found.segmentId);
    awaited.delete(found.segmentId);
    if (plan.direct) direct.set(found.segmentId, 0);
    else awaited.set(found.segmentId, plan.priority);
    this.requested(found, track, position, plan.priority, plan.direct);
    return { ...found, deadlineMs: plan.deadlineMs };
  }

  fromEngine(match: SegmentMatch, signal: AbortSignal): Promise<ArrayBuffer | undefined> {
    const awaited = this.awaited.of(match.swarmId);
    const answer = this.engine.getSegment(match.swarmId, match.segmentId, match.deadlineMs, signal);
    const done = () => {
      awaited.delete(match.segmentId);
    };
    answer.then(done, done);
    const starting = this.startingWaits.of(match.swarmId);
    if (!starting.delete(match.segmentId) || !this.engine.holding) return answer;
    // Needed soon, before the first frame: it waits for the engine only if the frame comes soon.
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => {
        if (this.engine.holding) resolve(undefined);
      }, PRE_FRAME_WAIT_MS);
      const settle = (bytes: ArrayBuffer | undefined) => {
        this.timers.clearTimeout(timer);
        resolve(bytes);
      };
      answer.then(settle, () => {
        settle(undefined);
      });
    });
  }

  toNetwork(match: SegmentMatch): void {
    if (this.isAside) return;
    // The page fetches it after all: the engine's queue leaves it out at once (it is not fetched
    // twice).
    this.awaited.of(match.swarmId).delete(match.segmentId);
    this.direct.of(match.swarmId).set(match.segmentId, 0);
    this.fetching(match);
    const track = this.trackOf(match.swarmId);
    if (!this.started || this.current.get(track) !== match.swarmId) return;
    if (!this.planFromPosition(track, this.positionOf(track))) this.queueAfter(match, 0, true);
  }

  fromNetwork(match: SegmentMatch, bytes: ArrayBuffer): void {
    this.direct.of(match.swarmId).delete(match.segmentId);
    const fetchedAt = this.fetchedAt.of(match.swarmId);
    const startedAt = fetchedAt.get(match.segmentId);
    if (startedAt !== undefined) {
      fetchedAt.delete(match.segmentId);
      this.fetchTimes.push((this.timers.now() - startedAt) / 1000);
      if (this.fetchTimes.length > TIMED_FETCHES_KEPT) this.fetchTimes.shift();
    }
    // Before the engine starts, the page's first segments are not kept for peers.
    if (this.isAside || !this.started) return;
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
    if (this.isAside) return;
    this.view = view;
    this.throttle.poke(urgent);
  }

  /** The player shows its first frame: the engine's start no longer competes with it. */
  mediaPlaying(): void {
    this.engine.release();
  }

  /** EME: the frame plays protected media, which is left alone. */
  mediaProtected(): void {
    this.standAside("drm");
  }

  /** The page opens WebRTC data channels: it runs a peer-to-peer loader of its own. */
  pagePeerToPeer(): void {
    this.standAside("page-p2p");
  }

  /** The player fetches in a worker: nothing to serve; the popup says it cannot be helped. */
  workerPlayer(): void {
    this.standAside("worker");
  }

  /**
   * Nothing of this frame is served or queued any more: its queues are emptied and the engine
   * releases the frame (the relay remembers why, for the popup). Requests go to the network as
   * the page made them; one held for the engine misses at once, one the engine already has ends
   * at its deadline, as any miss.
   */
  private standAside(reason: StandAsideReason): void {
    if (this.isAside) return;
    this.isAside = true;
    this.throttle.cancel();
    this.timers.clearTimeout(this.startTimer);
    this.timers.clearTimeout(this.releaseTimer);
    this.queues.clearAll();
    this.current.clear();
    this.engine.standAside(reason);
  }

  /** Stops the position updates and the engine client (the page is going away). */
  destroy(): void {
    this.throttle.cancel();
    this.timers.clearTimeout(this.startTimer);
    this.timers.clearTimeout(this.releaseTimer);
    this.engine.stop();
  }

  /**
   * The slowest of the page's last own fetches (planRequest's `refillS`) while the engine is
   * starting; none later: an engine that is not ready STARTING_MS after it was asked to start
   * (failed, or its fast path lost) is not waited for by a request needed next.
   */
  private startingRefill(): number | undefined {
    if (this.started && this.timers.now() - this.startedAt >= STARTING_MS) return undefined;
    return this.fetchTimes.length === 0 ? undefined : Math.max(...this.fetchTimes);
  }

  /**
   * The page fetches a media segment itself: how long it takes tells how fast the network
   * refills the buffer (init and side segments, small, would tell too fast).
   */
  private fetching(match: SegmentMatch): void {
    if (!this.registry.segment(match.swarmId, match.segmentId)) return;
    const fetchedAt = this.fetchedAt.of(match.swarmId);
    // Fetches that never deliver (aborted, failed) are forgotten in bulk.
    if (fetchedAt.size >= MAX_TIMED_FETCHES) fetchedAt.clear();
    fetchedAt.set(match.segmentId, this.timers.now());
  }

  private start(): void {
    if (this.started || this.isAside) return;
    this.started = true;
    this.startedAt = this.timers.now();
    this.awakeAt = this.startedAt;
    this.engine.warmUp();
  }

  /** A playing player tells the engine it is wanted, every KEEP_AWAKE_MS; a paused one does not. */
  private keepAwake(): void {
    // Checked first: this runs on every position refresh, the reads below once per interval.
    const now = this.timers.now();
    if (now - this.awakeAt < KEEP_AWAKE_MS) return;
    const position = this.view?.positionOf("media");
    const playing =
      position === undefined ? (this.options.fallbackPlaying?.() ?? false) : !position.paused;
    if (!playing) return;
    this.awakeAt = now;
    this.engine.warmUp();
  }

  private isCurrent(swarmId: string): boolean {
    for (const id of this.current.values()) if (id === swarmId) return true;
    return false;
  }

  private requested(
    match: SegmentMatch,
    track: TrackType,
    position: PlayerPosition | undefined,
    priority: number,
    direct: boolean,
  ): void {
    // The engine keeps a frame in the swarm of each track it plays (video and audio together);
    // when a track moves to another variant, the old variant's queue is emptied.
    const previous = this.current.get(track);
    if (previous !== undefined && previous !== match.swarmId) {
      this.queues.send(previous, []);
      this.aligned.delete(previous);
    }
    this.current.set(track, match.swarmId);
    const info = this.registry.info(match.swarmId);
    const segment = this.registry.segment(match.swarmId, match.segmentId);
    if (position !== undefined && segment !== undefined && info !== undefined) {
      this.aligned.set(match.swarmId, isAligned(segment, position, info.targetDuration));
    }
    if (!this.planFromPosition(track, position)) this.queueAfter(match, priority, direct);
  }

  private refreshAll(): void {
    if (!this.started) return;
    for (const track of this.current.keys()) this.planFromPosition(track, this.positionOf(track));
    this.keepAwake();
  }

  /**
   * Queues the swarm of `track` from the player's position, if there is one to trust; false
   * otherwise (the request-driven queue then stands).
   */
  private planFromPosition(track: TrackType, position: PlayerPosition | undefined): boolean {
    const swarmId = this.current.get(track);
    if (swarmId === undefined || position === undefined) return false;
    const info = this.registry.info(swarmId);
    if (info === undefined || this.aligned.get(swarmId) !== true) return false;
    const plan = planQueue({
      segments: this.registry.segments(swarmId),
      segmentDuration: info.targetDuration,
      position,
      awaited: this.awaited.of(swarmId),
      skip: new Set(this.direct.of(swarmId).keys()),
      window: QUEUE_AHEAD + 1,
    });
    this.queues.send(
      swarmId,
      plan.map(({ segment, priority }) => descriptorOf(segment, priority)),
    );
    return true;
  }

  private trackOf(swarmId: string): TrackType {
    return this.registry.info(swarmId)?.trackType ?? "main";
  }

  /** Where `track`'s segments are buffered: muxed HLS variants land in every SourceBuffer. */
  private positionOf(track: TrackType): PlayerPosition | undefined {
    if (this.view === undefined) return undefined;
    const kind: BufferKind =
      track !== "main" ? track : this.current.has("audio") ? "video" : "media";
    return this.view.positionOf(kind);
  }

  /**
   * The request-driven queue: the segment just requested (at `priority`: the hook is about to
   * wait for it, and a download of it already under way must not be aborted by this very
   * request; left out when the page fetches it itself), then the segments after it.
   */
  private queueAfter(match: SegmentMatch, priority: number, direct: boolean): void {
    const requested = this.registry.segment(match.swarmId, match.segmentId);
    const upcoming = this.registry.upcoming(match.swarmId, match.segmentId, QUEUE_AHEAD);
    this.queues.send(match.swarmId, [
      ...(requested === undefined || direct ? [] : [descriptorOf(requested, priority)]),
      ...upcoming.map((segment) =>
        descriptorOf({ ...segment, id: segment.segmentId }, segment.priority + priority + 1),
      ),
    ]);
  }
}
