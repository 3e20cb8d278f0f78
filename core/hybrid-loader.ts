import debugFactory from "debug";
import { resolveEnvironment, type LoaderEnvironment } from "./environment.js";
import { LoaderError } from "./errors.js";
import { Events, type DownloadMethod, type LoaderEventMap } from "./events.js";
import { runHttpAttempt } from "./http/http-attempt.js";
import { parseByteRange } from "./http/range.js";
import { createPeerId } from "./p2p/swarm-id.js";
import { Swarm } from "./p2p/swarm.js";
import { DATA_HEADER_BYTES, MAX_MAP_ENTRIES, SegmentStatus, type MapEntry } from "./p2p/wire.js";
import { planDownloads, planRandomHttp, type Action, type SchedulerState } from "./scheduler.js";
import { SegmentBuffer } from "./segment-buffer.js";
import { cloneSegment, type Segment } from "./segment.js";
import { resolveSettings, type Settings } from "./settings.js";
import { MemorySegmentsStorage } from "./storage/memory-storage.js";
import type { SegmentsStorage } from "./storage/segments-storage.js";
import type { TimerHandle } from "./env.js";
import { TypedEmitter } from "./util/emitter.js";

const debug = debugFactory("p2pv:loader");

/** One segment being downloaded: the bytes so far and the attempt filling them. */
interface SegmentLoad {
  segment: Segment;
  buffer: SegmentBuffer;
  method: DownloadMethod;
  peerId: string | undefined;
  random: boolean;
  /** Peers whose bytes are in the buffer (a resume can mix sources). */
  contributors: Set<string>;
  startedAt: number;
  lastProgressAt: number;
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
}

export interface LoaderDetails {
  peerId: string;
  swarmId: string | undefined;
  connectedPeers: number;
  httpDownloadedBytes: number;
  p2pDownloadedBytes: number;
  p2pUploadedBytes: number;
}

/** Downloads segments over HTTP and from peers, and shares them (p2p-media-loader's API). */
export class HybridLoader {
  /** True where WebRTC data channels are available. */
  static isSupported(): boolean {
    return resolveEnvironment(resolveSettings()).transport.isSupported();
  }

  private readonly settings: Settings;
  private readonly env: LoaderEnvironment;
  private readonly emitter = new TypedEmitter<LoaderEventMap>((error: unknown) => {
    debug("listener threw: %o", error);
  });
  private readonly storage: SegmentsStorage;
  private readonly peerId: string;
  private readonly banned = new Set<string>();
  private queue: Segment[] = [];
  private queueIndex = new Map<string, Segment>();
  private swarmId: string | undefined;
  private swarm: Swarm | undefined;
  private held = new Set<string>();
  private readonly loads = new Map<string, SegmentLoad>();
  private readonly partials = new Map<string, KeptBytes>();
  private readonly httpFailedAt = new Map<string, number>();
  private readonly excluded = new Map<string, Set<string>>();
  /** Other peers in the swarm by the tracker's last count; undefined until it answers. */
  private knownPeers: number | undefined;
  private initialUntil: number | undefined;
  private tickTimer: TimerHandle | undefined;
  private destroyed = false;
  private readonly stats = { http: 0, p2p: 0, uploaded: 0 };

  constructor(settings: Partial<Settings> = {}, environment: Partial<LoaderEnvironment> = {}) {
    this.settings = resolveSettings(settings);
    this.env = resolveEnvironment(this.settings, environment);
    this.storage =
      this.settings.segmentsStorage ??
      new MemorySegmentsStorage(
        this.env.wallClock,
        this.settings.cachedSegmentsCount,
        this.settings.cachedSegmentExpiration,
      );
    this.peerId = createPeerId(this.env.randomBytes);
  }

  on<K extends keyof LoaderEventMap>(event: K, listener: LoaderEventMap[K]): this {
    this.emitter.on(event, listener);
    return this;
  }

  off<K extends keyof LoaderEventMap>(event: K, listener: LoaderEventMap[K]): this {
    this.emitter.off(event, listener);
    return this;
  }

  getSettings(): Settings {
    return { ...this.settings };
  }

  getDetails(): LoaderDetails {
    return {
      peerId: this.peerId,
      swarmId: this.swarmId,
      connectedPeers: this.swarm?.peerCount ?? 0,
      httpDownloadedBytes: this.stats.http,
      p2pDownloadedBytes: this.stats.p2p,
      p2pUploadedBytes: this.stats.uploaded,
    };
  }

  /** A loaded segment of the current swarm, or undefined. */
  async getSegment(id: string): Promise<Segment | undefined> {
    if (this.swarmId === undefined || this.destroyed) return undefined;
    return this.storage.getSegment(id, this.swarmId);
  }

  /**
   * Replaces the download queue. Downloads of segments that left it are aborted (SegmentAbort);
   * a new swarm id leaves the old swarm and joins the new one.
   */
  load(segments: readonly Segment[], swarmId: string): void {
    if (this.destroyed) throw new LoaderError("destroyed", "load() after destroy()");
    const queue = [...new Map(segments.map((segment) => [segment.id, segment])).values()];
    queue.sort((a, b) => a.priority - b.priority);
    for (const segment of queue) segment.masterSwarmId ??= swarmId;
    const swarmChanged = swarmId !== this.swarmId;
    this.queue = queue;
    this.queueIndex = new Map(queue.map((segment) => [segment.id, segment]));

    for (const [id, load] of [...this.loads]) {
      if (!swarmChanged && this.queueIndex.has(id)) continue;
      this.stopLoad(load, false);
      this.emitter.emit(Events.SegmentAbort, load.segment);
    }
    for (const [id, partial] of [...this.partials]) {
      if (swarmChanged || !this.queueIndex.has(id)) {
        partial.buffer.fail();
        this.partials.delete(id);
      }
    }

    if (swarmChanged) {
      this.swarmId = swarmId;
      this.swarm?.destroy();
      this.swarm = undefined;
      this.knownPeers = undefined;
      this.held = new Set();
      this.initialUntil =
        this.settings.useP2P && this.settings.httpDownloadInitialTimeout > 0
          ? this.env.clock.now() + this.settings.httpDownloadInitialTimeout
          : undefined;
      if (this.settings.useP2P) this.joinSwarm(swarmId);
      void this.refreshHeld().then(() => {
        this.processQueue();
      });
    } else {
      this.processQueue();
    }
    this.scheduleTick();
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.env.clock.clearTimeout(this.tickTimer);
    for (const load of [...this.loads.values()]) this.stopLoad(load, false);
    for (const partial of this.partials.values()) partial.buffer.fail();
    this.partials.clear();
    this.swarm?.destroy();
    this.swarm = undefined;
    this.queue = [];
    this.queueIndex.clear();
    this.emitter.removeAll();
    await this.storage.destroy();
  }

  private joinSwarm(swarmId: string): void {
    const swarm = new Swarm(
      swarmId,
      this.env.transport,
      {
        clock: this.env.clock,
        settings: this.settings,
        peerId: this.peerId,
        localEntries: () => this.localEntries(),
        serve: (id) => this.serve(id),
        onPeerConnect: (session) => {
          this.emitter.emit(Events.PeerConnect, {
            id: session.id,
            remoteAddress: session.remoteAddress,
          });
          this.processQueue();
        },
        onPeerClose: (session) => {
          this.emitter.emit(Events.PeerClose, session.id);
          this.processQueue();
        },
        onRemoteChange: () => {
          this.processQueue();
        },
        onUploaded: (session, bytes) => {
          this.stats.uploaded += bytes;
          this.emitter.emit(Events.PieceBytesUploaded, "p2p", bytes, session.id);
        },
        onTrackerUpdate: (peersInSwarm) => {
          this.knownPeers = Math.max(0, peersInSwarm - 1);
          if (this.knownPeers === 0 && this.initialUntil !== undefined) this.endInitialMode();
        },
        onViolation: (session, error) => {
          debug("dropping peer %s: %s", session.id, error.message);
        },
      },
      this.banned,
    );
    this.swarm = swarm;
    void swarm.join();
  }

  private endInitialMode(): void {
    this.initialUntil = undefined;
    this.processQueue();
  }

  /** The segments we announce: those arriving first, then the newest held, within one message. */
  private localEntries(): MapEntry[] {
    const entries: MapEntry[] = [];
    let bytes = 3;
    const budget = this.settings.webRtcMaxMessageSize - DATA_HEADER_BYTES;
    const add = (id: string, status: MapEntry["status"]) => {
      const size = 3 + new TextEncoder().encode(id).byteLength;
      if (entries.length >= MAX_MAP_ENTRIES || bytes + size > budget) return;
      bytes += size;
      entries.push({ id, status });
    };
    for (const [id, load] of this.loads) if (!load.validating) add(id, SegmentStatus.Loading);
    for (const id of [...this.held].reverse()) add(id, SegmentStatus.Loaded);
    return entries;
  }

  private async serve(id: string): Promise<SegmentBuffer | undefined> {
    const load = this.loads.get(id);
    if (load && !load.validating) return load.buffer;
    if (!this.held.has(id) || this.swarmId === undefined) return undefined;
    const segment = await this.storage.getSegment(id, this.swarmId);
    return segment?.data ? SegmentBuffer.fromData(segment.data) : undefined;
  }

  private async refreshHeld(): Promise<void> {
    const swarmId = this.swarmId;
    if (swarmId === undefined) return;
    try {
      const map = await this.storage.getSegmentsMap(swarmId);
      if (swarmId !== this.swarmId) return;
      this.held = new Set(map.keys());
      this.swarm?.announceAll();
    } catch (error) {
      debug("storage map failed: %o", error);
    }
  }

  private scheduleTick(): void {
    if (this.tickTimer !== undefined || this.destroyed) return;
    this.tickTimer = this.env.clock.setTimeout(() => {
      this.tickTimer = undefined;
      if (this.destroyed) return;
      if (this.initialUntil !== undefined && this.env.clock.now() >= this.initialUntil) {
        this.initialUntil = undefined;
      }
      const random = planRandomHttp(this.schedulerState(), this.env.random);
      if (random) this.apply(random);
      this.processQueue();
      if (this.queue.length > 0) this.scheduleTick();
    }, this.settings.httpDownloadProbabilityInterval);
  }

  private schedulerState(): SchedulerState {
    const swarm = this.swarm;
    return {
      now: this.env.clock.now(),
      settings: this.settings,
      queue: this.queue,
      isHeld: (id) => this.held.has(id),
      active: this.loads,
      httpFailedAt: this.httpFailedAt,
      excludedPeers: (id) => this.excluded.get(id) ?? new Set(),
      p2pEnabled: swarm !== undefined,
      initialP2POnly: this.initialUntil !== undefined,
      peersView: {
        connected: swarm?.peerCount ?? 0,
        known: this.knownPeers ?? 0,
        alone: !swarm || (this.knownPeers === 0 && swarm.peerCount === 0),
        pickPeer: (id, exclude) => swarm?.pickPeer(id, exclude)?.id,
        isAvailable: (id) => swarm?.isAvailable(id) ?? false,
      },
    };
  }

  private processQueue(): void {
    if (this.destroyed) return;
    for (const action of planDownloads(this.schedulerState())) this.apply(action);
  }

  private apply(action: Action): void {
    const segment = this.queueIndex.get(action.id);
    if (!segment) return;
    switch (action.kind) {
      case "http":
        this.startHttp(segment, action.random);
        return;
      case "p2p":
        this.startP2P(segment, action.peerId, action.urgent);
        return;
      case "abort": {
        const load = this.loads.get(action.id);
        if (!load) return;
        if (load.peerId !== undefined) this.exclude(action.id, load.peerId);
        this.stopLoad(load, true);
        if (action.reason === "p2p-too-slow") this.processQueue();
      }
    }
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
    return { buffer: new SegmentBuffer(this.settings.maxSegmentSize), contributors: new Set() };
  }

  private begin(segment: Segment, method: DownloadMethod, peerId: string | undefined): SegmentLoad {
    const canResume = method === "p2p" || this.settings.httpUseRanges;
    const { buffer, contributors } = this.takeBuffer(segment.id, canResume);
    const now = this.env.clock.now();
    const load: SegmentLoad = {
      segment,
      buffer,
      method,
      peerId,
      random: false,
      contributors,
      startedAt: now,
      lastProgressAt: now,
      responseUrl: undefined,
      cancel: () => undefined,
      stopped: false,
      validating: false,
    };
    this.loads.set(segment.id, load);
    this.swarm?.announce(segment.id, SegmentStatus.Loading);
    return load;
  }

  private countBytes(load: SegmentLoad, bytes: number): void {
    load.lastProgressAt = this.env.clock.now();
    if (load.method === "http") this.stats.http += bytes;
    else this.stats.p2p += bytes;
    this.emitter.emit(Events.PieceBytesDownloaded, load.method, bytes, load.peerId);
  }

  private startHttp(segment: Segment, random: boolean): void {
    const load = this.begin(segment, "http", undefined);
    load.random = random;
    const controller = new AbortController();
    load.cancel = () => {
      controller.abort();
    };
    const url = this.settings.segmentUrlBuilder?.(segment) ?? segment.url;
    runHttpAttempt({
      client: this.env.http,
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
        void this.finishLoad(load, url);
      },
      (error: unknown) => {
        this.failLoad(load, error);
      },
    );
  }

  private startP2P(segment: Segment, peerId: string, urgent: boolean): void {
    const session = this.swarm?.session(peerId);
    if (!session?.isReady) return;
    const load = this.begin(segment, "p2p", peerId);
    load.contributors.add(peerId);
    const s = this.settings;
    const initial = this.initialUntil !== undefined;
    const firstBytes = initial
      ? s.httpDownloadInitialTimeoutPerSegment
      : urgent
        ? s.p2pRequiredSegmentTimeout
        : s.p2pSegmentDownloadTimeout;
    load.cancel = session.request(
      segment.id,
      load.buffer.received,
      { firstBytes, inactivity: s.p2pInactivityTimeout },
      {
        onResponse: (totalSize) => {
          load.buffer.setTotalSize(totalSize);
        },
        onData: (bytes) => {
          load.buffer.append(bytes);
          this.countBytes(load, bytes.byteLength);
        },
        onComplete: () => {
          void this.finishLoad(load, undefined);
        },
        onFail: (error) => {
          if (initial && error.code === "peer-timeout") this.endInitialMode();
          this.failLoad(load, error);
        },
      },
    );
  }

  /** Stops an attempt we no longer want. `keepBytes` keeps them for a later resume. */
  private stopLoad(load: SegmentLoad, keepBytes: boolean): void {
    if (load.stopped) return;
    load.stopped = true;
    this.loads.delete(load.segment.id);
    load.cancel();
    if (keepBytes && load.buffer.received > 0 && !load.validating) {
      this.partials.set(load.segment.id, { buffer: load.buffer, contributors: load.contributors });
    } else if (!load.validating) {
      load.buffer.fail();
    }
    this.swarm?.announce(load.segment.id, SegmentStatus.Gone);
  }

  private failLoad(load: SegmentLoad, error: unknown): void {
    if (load.stopped || this.destroyed) return;
    const loaderError =
      error instanceof LoaderError ? error : new LoaderError("http-network", String(error));
    debug("%s of %s failed: %s", load.method, load.segment.id, loaderError.message);
    const untrusted =
      loaderError.code === "protocol-violation" || loaderError.code === "size-mismatch";
    if (load.method === "http") {
      this.httpFailedAt.set(load.segment.id, this.env.clock.now());
      this.emitter.emit(Events.SegmentError, load.segment, loaderError, undefined);
    } else if (load.peerId !== undefined) {
      this.exclude(load.segment.id, load.peerId);
    }
    this.stopLoad(load, !untrusted && load.method === "p2p");
    this.processQueue();
  }

  private async finishLoad(load: SegmentLoad, requestUrl: string | undefined): Promise<void> {
    if (load.stopped || this.destroyed) return;
    const elapsed = Math.max(1, this.env.clock.now() - load.startedAt);
    const data = load.buffer.finish();
    load.validating = true;
    const segment = cloneSegment(this.queueIndex.get(load.segment.id) ?? load.segment, {
      data,
      downloadSpeed: data.byteLength / elapsed,
      requestUrl,
      responseUrl: load.responseUrl ?? requestUrl,
    });
    try {
      await this.settings.segmentValidator?.(segment, load.method, load.peerId);
    } catch (cause) {
      this.rejectData(load, segment, cause);
      return;
    }
    if (this.gone(load)) return;
    this.excluded.delete(segment.id);
    this.httpFailedAt.delete(segment.id);
    try {
      await this.storage.storeSegment(segment);
      this.held.add(segment.id);
    } catch (error) {
      debug("storing %s failed: %o", segment.id, error);
    }
    // Active until stored, so that nothing starts the segment again meanwhile.
    if (this.loads.get(segment.id) === load) this.loads.delete(segment.id);
    if (this.held.has(segment.id)) this.swarm?.announce(segment.id, SegmentStatus.Loaded);
    if (this.gone(load)) return;
    this.emitter.emit(Events.SegmentLoaded, segment, load.peerId);
    void this.cleanStorage();
    this.processQueue();
  }

  /** segmentValidator said no: report it, drop the peers whose bytes these were, try again. */
  private rejectData(load: SegmentLoad, segment: Segment, cause: unknown): void {
    if (this.destroyed) return;
    load.stopped = true;
    this.loads.delete(segment.id);
    this.swarm?.announce(segment.id, SegmentStatus.Gone);
    const error = new LoaderError("validation-failed", segment.id, { cause });
    this.emitter.emit(Events.SegmentError, segment, error, load.peerId);
    if (load.method === "http" && load.contributors.size === 0) {
      this.httpFailedAt.set(segment.id, this.env.clock.now());
    }
    for (const peerId of load.contributors) {
      this.swarm?.ban(peerId);
      this.swarm?.session(peerId)?.close();
    }
    this.processQueue();
  }

  /** Destroyed, or `load` stopped, meanwhile (a method, so checks after an await are not narrowed away). */
  private gone(load?: SegmentLoad): boolean {
    return this.destroyed || (load?.stopped ?? false);
  }

  private async cleanStorage(): Promise<void> {
    try {
      const removed = await this.storage.clean(
        (id) => this.queueIndex.has(id) || this.loads.has(id),
      );
      if (removed) await this.refreshHeld();
    } catch (error) {
      debug("storage clean failed: %o", error);
    }
  }
}
