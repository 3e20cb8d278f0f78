import debugFactory from "debug";
import type { Clock } from "./env.js";
import { LoaderError, SegmentRejection } from "./errors.js";
import { Events, type DownloadMethod, type LoaderEventMap } from "./events.js";
import { runHttpAttempt } from "./http/http-attempt.js";
import type { HttpClient } from "./http/http-client.js";
import { parseByteRange } from "./http/range.js";
import { addSpan, type SegmentEvidence, type Span } from "./p2p/attestations.js";
import type { Swarm } from "./p2p/swarm.js";
import { SegmentStatus } from "./p2p/wire.js";
import type { ActiveView } from "./scheduler.js";
import { SegmentBuffer } from "./segment-buffer.js";
import { cloneSegment, type Segment } from "./segment.js";
import type { Settings } from "./settings.js";
import type { SegmentsStorage } from "./storage/segments-storage.js";
import type { TypedEmitter } from "./util/emitter.js";

const debug = debugFactory("p2pv:loads");

/** One segment being downloaded: the bytes so far and the attempt filling them. */
interface SegmentLoad extends ActiveView {
  segment: Segment;
  buffer: SegmentBuffer;
  peerId: string | undefined;
  /** Peers whose bytes are in the buffer (a resume can mix sources). */
  contributors: Set<string>;
  /** Which of them sent which bytes. */
  spans: Span[];
  /** Bytes the buffer held when this attempt began (kept from an earlier one). */
  resumedAt: number;
  startedAt: number;
  responseUrl: string | undefined;
  /** Stops the attempt without reporting an error. */
  cancel: () => void;
  stopped: boolean;
  validating: boolean;
}

/** Bytes kept from a stopped attempt, for the next attempt to continue. */
interface KeptBytes {
  buffer: SegmentBuffer;
  contributors: Set<string>;
  spans: Span[];
}

/** What the downloads need from the loader that owns them. */
export interface SegmentLoadsHost {
  settings: Settings;
  clock: Clock;
  http: HttpClient;
  storage: SegmentsStorage;
  emitter: TypedEmitter<LoaderEventMap>;
  swarm(): Swarm | undefined;
  /** The queued segment with this id (its current fields), if still queued. */
  queued(id: string): Segment | undefined;
  /** httpDownloadInitialTimeout mode is on. */
  initialMode(): boolean;
  endInitialMode(): void;
  /** A segment was stored: it is held now; `fromOrigin`: every byte came in one HTTP response. */
  onStored(segment: Segment, fromOrigin: boolean): void;
  /** What the validator is told about a segment besides its bytes. */
  evidence(id: string, contributors: ReadonlySet<string>, spans: readonly Span[]): SegmentEvidence;
  /** Something changed that the scheduler should look at. */
  onChange(): void;
  destroyed(): boolean;
}

/**
 * Runs the downloads the scheduler asks for, over HTTP or from a peer, into segment buffers;
 * keeps partial bytes for a resume, failure times, and which peers failed which segment.
 */
export class SegmentLoads {
  readonly active = new Map<string, SegmentLoad>();
  readonly httpFailedAt = new Map<string, number>();
  readonly stats = { http: 0, p2p: 0 };
  private readonly partials = new Map<string, KeptBytes>();
  private readonly excluded = new Map<string, Set<string>>();

  constructor(private readonly host: SegmentLoadsHost) {}

  excludedPeers(id: string): ReadonlySet<string> {
    return this.excluded.get(id) ?? new Set();
  }

  /** The bytes of a segment arriving now, to relay to a peer; undefined if none. */
  arriving(id: string): SegmentBuffer | undefined {
    const load = this.active.get(id);
    return load && !load.validating ? load.buffer : undefined;
  }

  /** Ids of the segments arriving now (announced as loading). */
  arrivingIds(): string[] {
    return [...this.active.values()].filter((load) => !load.validating).map((l) => l.segment.id);
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  startHttp(segment: Segment, random: boolean): void {
    const load = this.begin(segment, "http", undefined);
    load.random = random;
    const controller = new AbortController();
    load.cancel = () => {
      controller.abort();
    };
    const url = this.host.settings.segmentUrlBuilder?.(segment) ?? segment.url;
    runHttpAttempt({
      client: this.host.http,
      url,
      segmentRange: parseByteRange(segment.range),
      buffer: load.buffer,
      signal: controller.signal,
      onBytes: (bytes) => {
        this.countBytes(load, bytes);
      },
      onResponseUrl: (responseUrl) => {
        load.responseUrl = responseUrl;
      },
    }).then(
      () => {
        void this.finish(load, url);
      },
      (error: unknown) => {
        this.fail(load, error);
      },
    );
  }

  startP2P(segment: Segment, peerId: string, urgent: boolean): void {
    const session = this.host.swarm()?.session(peerId);
    if (!session?.isReady) return;
    const load = this.begin(segment, "p2p", peerId);
    load.contributors.add(peerId);
    const s = this.host.settings;
    const initial = this.host.initialMode();
    const firstBytes = initial
      ? s.httpDownloadInitialTimeoutPerSegment
      : urgent
        ? s.p2pRequiredSegmentTimeout
        : s.p2pSegmentDownloadTimeout;
    load.cancel = session.request(
      segment.id,
      load.buffer.received,
      { firstBytes, inactivity: s.p2pInactivityTimeout, minSpeed: s.p2pMinDownloadSpeed },
      {
        onResponse: (totalSize) => {
          load.buffer.setTotalSize(totalSize);
        },
        onData: (bytes) => {
          addSpan(load.spans, peerId, load.buffer.received, bytes.byteLength);
          load.buffer.append(bytes);
          this.countBytes(load, bytes.byteLength);
        },
        onComplete: () => {
          void this.finish(load, undefined);
        },
        onFail: (error) => {
          const late = error.code === "peer-timeout" || error.code === "peer-too-slow";
          if (initial && late) this.host.endInitialMode();
          this.fail(load, error);
        },
      },
    );
  }

  /** The scheduler took a download back: its bytes are kept for the next attempt. */
  takeBack(id: string): void {
    const load = this.active.get(id);
    if (!load) return;
    if (load.peerId !== undefined) this.exclude(id, load.peerId);
    this.stop(load, true);
  }

  /** Aborts the download of `id` for good (it left the queue); returns its segment if any. */
  abort(id: string): Segment | undefined {
    const load = this.active.get(id);
    if (load) this.stop(load, false);
    return load?.segment;
  }

  /** Drops the kept bytes of segments that `keep` rejects. */
  dropPartials(keep: (id: string) => boolean): void {
    for (const [id, partial] of [...this.partials]) {
      if (keep(id)) continue;
      partial.buffer.fail();
      this.partials.delete(id);
    }
  }

  destroy(): void {
    for (const load of [...this.active.values()]) this.stop(load, false);
    this.dropPartials(() => false);
  }

  private exclude(id: string, peerId: string): void {
    let set = this.excluded.get(id);
    if (!set) {
      set = new Set();
      this.excluded.set(id, set);
    }
    set.add(peerId);
  }

  /** The buffer a new attempt fills: kept bytes when the attempt can resume, else a new one. */
  private takeBuffer(id: string, canResume: boolean): KeptBytes {
    const partial = this.partials.get(id);
    this.partials.delete(id);
    if (partial && canResume) return partial;
    partial?.buffer.fail();
    return {
      buffer: new SegmentBuffer(this.host.settings.maxSegmentSize),
      contributors: new Set(),
      spans: [],
    };
  }

  private begin(segment: Segment, method: DownloadMethod, peerId: string | undefined): SegmentLoad {
    const canResume = method === "p2p" || this.host.settings.httpUseRanges;
    const { buffer, contributors, spans } = this.takeBuffer(segment.id, canResume);
    const now = this.host.clock.now();
    const load: SegmentLoad = {
      segment,
      buffer,
      method,
      peerId,
      random: false,
      contributors,
      spans,
      resumedAt: buffer.received,
      startedAt: now,
      lastProgressAt: now,
      responseUrl: undefined,
      cancel: () => undefined,
      stopped: false,
      validating: false,
    };
    this.active.set(segment.id, load);
    this.host.swarm()?.announce(segment.id, SegmentStatus.Loading);
    return load;
  }

  private countBytes(load: SegmentLoad, bytes: number): void {
    load.lastProgressAt = this.host.clock.now();
    if (load.method === "http") this.stats.http += bytes;
    else this.stats.p2p += bytes;
    this.host.emitter.emit(Events.PieceBytesDownloaded, load.method, bytes, load.peerId);
  }

  /** Stops an attempt we no longer want. `keepBytes` keeps them for a later resume. */
  private stop(load: SegmentLoad, keepBytes: boolean): void {
    if (load.stopped) return;
    load.stopped = true;
    this.active.delete(load.segment.id);
    load.cancel();
    if (keepBytes && load.buffer.received > 0 && !load.validating) {
      const { buffer, contributors, spans } = load;
      this.partials.set(load.segment.id, { buffer, contributors, spans });
    } else if (!load.validating) {
      load.buffer.fail();
    }
    this.host.swarm()?.announce(load.segment.id, SegmentStatus.Gone);
  }

  private fail(load: SegmentLoad, error: unknown): void {
    if (this.gone(load)) return;
    const loaderError =
      error instanceof LoaderError ? error : new LoaderError("http-network", String(error));
    debug("%s of %s failed: %s", load.method, load.segment.id, loaderError.message);
    const untrusted =
      loaderError.code === "protocol-violation" || loaderError.code === "size-mismatch";
    if (load.method === "http") {
      this.httpFailedAt.set(load.segment.id, this.host.clock.now());
      this.host.emitter.emit(Events.SegmentError, load.segment, loaderError, undefined);
    } else if (load.peerId !== undefined) {
      this.exclude(load.segment.id, load.peerId);
    }
    this.stop(load, !untrusted && load.method === "p2p");
    this.host.onChange();
  }

  private async finish(load: SegmentLoad, requestUrl: string | undefined): Promise<void> {
    if (this.gone(load)) return;
    const elapsed = Math.max(1, this.host.clock.now() - load.startedAt);
    const data = load.buffer.finish();
    load.validating = true;
    const segment = cloneSegment(this.host.queued(load.segment.id) ?? load.segment, {
      data,
      downloadSpeed: data.byteLength / elapsed,
      requestUrl,
      responseUrl: load.responseUrl ?? requestUrl,
    });
    try {
      await this.host.settings.segmentValidator?.(
        segment,
        load.method,
        load.peerId,
        [...load.contributors],
        this.host.evidence(segment.id, load.contributors, load.spans),
      );
    } catch (cause) {
      this.reject(load, segment, cause);
      return;
    }
    if (this.gone(load)) return;
    this.excluded.delete(segment.id);
    this.httpFailedAt.delete(segment.id);
    let stored = false;
    try {
      await this.host.storage.storeSegment(segment);
      stored = true;
    } catch (error) {
      debug("storing %s failed: %o", segment.id, error);
    }
    // Active until stored, so that nothing starts the segment again meanwhile.
    if (this.active.get(segment.id) === load) this.active.delete(segment.id);
    // One HTTP attempt from the first byte: bytes from two attempts may straddle a change at the
    // origin, and a digest of them is of no version the origin ever served.
    const oneOriginFetch = load.method === "http" && load.resumedAt === 0;
    if (stored) this.host.onStored(segment, oneOriginFetch && load.contributors.size === 0);
    else {
      // Not held, so the scheduler would fetch it again at once, and again (a full disk made a
      // loop of downloads): HTTP waits as after a failed download, the same peer is not asked.
      this.httpFailedAt.set(segment.id, this.host.clock.now());
      if (load.peerId !== undefined) this.exclude(segment.id, load.peerId);
    }
    if (this.gone(load)) return;
    this.host.emitter.emit(Events.SegmentLoaded, segment, load.peerId);
    this.host.onChange();
  }

  /** segmentValidator said no: report it, drop the peers whose bytes these were, try again. */
  private reject(load: SegmentLoad, segment: Segment, cause: unknown): void {
    if (this.host.destroyed()) return;
    load.stopped = true;
    this.active.delete(segment.id);
    const swarm = this.host.swarm();
    swarm?.announce(segment.id, SegmentStatus.Gone);
    // Not checked (the check itself failed): the peers are not to blame, only passed over.
    const unverified = cause instanceof LoaderError && cause.code === "integrity-unverified";
    const error = unverified ? cause : new LoaderError("validation-failed", segment.id, { cause });
    this.host.emitter.emit(Events.SegmentError, segment, error, load.peerId);
    if (load.method === "http" && load.contributors.size === 0) {
      this.httpFailedAt.set(segment.id, this.host.clock.now());
    }
    // Named culprits are banned; without names, every contributor is.
    const culprits = cause instanceof SegmentRejection ? cause.culprits : undefined;
    for (const peerId of load.contributors) {
      if (unverified || (culprits !== undefined && !culprits.includes(peerId))) {
        this.exclude(segment.id, peerId);
        continue;
      }
      swarm?.expel(peerId);
    }
    this.host.onChange();
  }

  /** Destroyed, or `load` stopped, meanwhile (a method, so checks after an await are not narrowed away). */
  private gone(load: SegmentLoad): boolean {
    return this.host.destroyed() || load.stopped;
  }
}
