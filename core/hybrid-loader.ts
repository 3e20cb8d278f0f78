import debugFactory from "debug";
import { resolveEnvironment, type LoaderEnvironment } from "./environment.js";
import { LoaderError } from "./errors.js";
import { Events, type LoaderEventMap } from "./events.js";
import { OwnDigests } from "./p2p/attestations.js";
import { createPeerId } from "./p2p/swarm-id.js";
import type { PeerSession } from "./p2p/peer-session.js";
import { Swarm } from "./p2p/swarm.js";
import { DATA_HEADER_BYTES, MAX_MAP_ENTRIES, SegmentStatus, type MapEntry } from "./p2p/wire.js";
import { planDownloads, planRandomHttp, type Action, type SchedulerState } from "./scheduler.js";
import { SegmentBuffer } from "./segment-buffer.js";
import { SegmentLoads } from "./segment-loads.js";
import type { Segment } from "./segment.js";
import { resolveSettings, type Settings } from "./settings.js";
import { MemorySegmentsStorage } from "./storage/memory-storage.js";
import type { SegmentsStorage } from "./storage/segments-storage.js";
import type { TimerHandle } from "./env.js";
import { TypedEmitter } from "./util/emitter.js";

const debug = debugFactory("p2pv:loader");

/** More segment changes than this at once are announced as a whole map, not one status each. */
const MAX_STATUS_BATCH = 8;

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
  private readonly loads: SegmentLoads;
  /** Other peers in the swarm by the tracker's last count; undefined until it answers. */
  private knownPeers: number | undefined;
  private initialUntil: number | undefined;
  /** Clock time the current swarm was joined (for p2pJoinGracePeriod). */
  private joinedAt = 0;
  private tickTimer: TimerHandle | undefined;
  private destroyed = false;
  private uploaded = 0;
  /** Our attestations; none without a digest function (LoaderEnvironment.digest). */
  private readonly ownDigests: OwnDigests | undefined;

  constructor(settings: Partial<Settings> = {}, environment: Partial<LoaderEnvironment> = {}) {
    this.settings = resolveSettings(settings);
    this.env = resolveEnvironment(this.settings, environment);
    this.storage =
      this.settings.segmentsStorage ??
      new MemorySegmentsStorage(
        this.env.wallClock,
        this.settings.cachedSegmentsCount,
        this.settings.cachedSegmentExpiration,
        { bytes: { totalBytes: this.settings.cacheMaxBytes } },
      );
    this.peerId = createPeerId(this.env.randomBytes);
    this.ownDigests = this.env.digest ? new OwnDigests(this.env.digest) : undefined;
    this.loads = new SegmentLoads({
      settings: this.settings,
      clock: this.env.clock,
      http: this.env.http,
      storage: this.storage,
      emitter: this.emitter,
      swarm: () => this.swarm,
      queued: (id) => this.queueIndex.get(id),
      initialMode: () => this.initialUntil !== undefined,
      endInitialMode: () => {
        this.endInitialMode();
      },
      onStored: (segment, fromOrigin) => {
        this.held.add(segment.id);
        this.swarm?.announce(segment.id, SegmentStatus.Loaded);
        if (fromOrigin) void this.attest(segment);
        void this.cleanStorage();
      },
      evidence: (id, contributors, spans) => ({
        spans,
        attestations: this.swarm?.attestations(id, contributors) ?? new Map(),
        discredit: (peerId) => {
          debug("dropping peer %s: its attestation of %s was false", peerId, id);
          this.swarm?.expel(peerId);
        },
      }),
      onChange: () => {
        this.processQueue();
      },
      destroyed: () => this.destroyed,
    });
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
      httpDownloadedBytes: this.loads.stats.http,
      p2pDownloadedBytes: this.loads.stats.p2p,
      p2pUploadedBytes: this.uploaded,
    };
  }

  /** A loaded segment of the current swarm, or undefined. */
  async getSegment(id: string): Promise<Segment | undefined> {
    if (this.swarmId === undefined || this.destroyed) return undefined;
    return this.storage.getSegment(id, this.swarmId);
  }

  /**
   * Hands the loader a segment's bytes obtained elsewhere (the player fetched it itself): they
   * are checked with segmentValidator like an HTTP download, stored, announced to peers and
   * reported with SegmentLoaded (peerId undefined); a download of the same segment stops.
   * Resolves false if there is no current swarm, no data, or the validator or storage refused.
   */
  async addSegment(segment: Segment): Promise<boolean> {
    const swarmId = this.swarmId;
    if (swarmId === undefined || this.destroyed || !segment.data) return false;
    segment.masterSwarmId ??= swarmId;
    if (this.held.has(segment.id)) return true;
    try {
      await this.settings.segmentValidator?.(segment, "http");
      await this.storage.storeSegment(segment);
    } catch (error) {
      debug("addSegment %s refused: %o", segment.id, error);
      return false;
    }
    if (!this.isCurrent(swarmId)) return false;
    this.loads.abort(segment.id);
    this.held.add(segment.id);
    this.swarm?.announce(segment.id, SegmentStatus.Loaded);
    this.emitter.emit(Events.SegmentLoaded, segment, undefined);
    void this.cleanStorage();
    this.processQueue();
    return true;
  }

  /** Not destroyed and still in `swarmId` (a method: checks after an await are not narrowed). */
  private isCurrent(swarmId: string): boolean {
    return !this.destroyed && this.swarmId === swarmId;
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

    const keep = (id: string) => !swarmChanged && this.queueIndex.has(id);
    for (const id of [...this.loads.active.keys()]) {
      if (keep(id)) continue;
      const aborted = this.loads.abort(id);
      if (aborted) this.emitter.emit(Events.SegmentAbort, aborted);
    }
    this.loads.dropPartials(keep);

    if (swarmChanged) {
      this.swarmId = swarmId;
      this.swarm?.destroy();
      this.swarm = undefined;
      this.knownPeers = undefined;
      this.held = new Set();
      this.ownDigests?.clear();
      this.initialUntil =
        this.settings.useP2P && this.settings.httpDownloadInitialTimeout > 0
          ? this.env.clock.now() + this.settings.httpDownloadInitialTimeout
          : undefined;
      if (this.settings.useP2P) this.joinSwarm(swarmId);
      void this.refreshHeld("map").then(() => {
        this.processQueue();
      });
    } else {
      this.processQueue();
    }
    this.scheduleTick();
  }

  /**
   * The storage was changed from outside the loader (the extension's "clear cache"):
   * what it holds is read again, what left it is announced gone, and queued segments it no longer
   * holds are downloaded again. Without this the loader would go on believing it holds them
   * (refusing handed-in bytes as already held, never fetching them) until its next eviction.
   */
  async storageChanged(): Promise<void> {
    if (this.destroyed) return;
    await this.refreshHeld("changes");
    this.processQueue();
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.env.clock.clearTimeout(this.tickTimer);
    this.loads.destroy();
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
        budget: this.env.peerBudget,
        uploads: this.env.uploads,
        infoHash: (id) => this.env.swarmInfoHash(id),
        localEntries: () => this.localEntries(),
        localDigests: (ids) => this.ownDigests?.for(ids) ?? [],
        wants: (id) => this.wants(id),
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
        onRemoteChange: (session, id) => {
          if (this.remoteChangeMatters(session, id)) this.processQueue();
        },
        onUploaded: (session, bytes) => {
          this.uploaded += bytes;
          this.emitter.emit(Events.PieceBytesUploaded, "p2p", bytes, session.id);
        },
        onTrackerUpdate: (peersInSwarm) => {
          this.knownPeers = Math.max(0, peersInSwarm - 1);
          if (this.knownPeers === 0 && this.initialUntil !== undefined) this.endInitialMode();
          // Alone after all: what waited for peers (p2pJoinGracePeriod) goes now.
          else this.processQueue();
        },
        onViolation: (session, error) => {
          debug("dropping peer %s: %s", session.id, error.message);
        },
      },
      this.banned,
    );
    this.swarm = swarm;
    this.joinedAt = this.env.clock.now();
    if (this.settings.p2pJoinGracePeriod > 0) {
      // The grace ends: what still waits for peers that never connected goes to HTTP.
      this.env.clock.setTimeout(() => {
        if (this.swarm === swarm) this.processQueue();
      }, this.settings.p2pJoinGracePeriod);
    }
    void swarm.join();
  }

  /**
   * Whether a peer's map change can change what the scheduler does. planDownloads acts only on
   * queued segments we neither hold nor download, so news of any other segment changes none of
   * its inputs (nor does a wanted one leaving a map: had the scheduler wanted that peer for it,
   * it would be downloading it already). Its other input is time: while a silent urgent P2P
   * download or a failed HTTP download waits to be retried, every event still runs it. Each
   * peer announces every segment to every connected peer, so most of this news is of no use
   * here; a swarm of a thousand sends tens of thousands of these a second.
   */
  private remoteChangeMatters(session: PeerSession, id: string | undefined): boolean {
    if (this.awaitsTime()) return true;
    if (id !== undefined) return this.wants(id);
    for (const [entry] of session.remoteEntries()) if (this.wants(entry)) return true;
    return false;
  }

  private wants(id: string): boolean {
    return this.queueIndex.has(id) && !this.held.has(id) && !this.loads.isActive(id);
  }

  /** Something the scheduler decides by the clock: an urgent P2P download, a failed HTTP one. */
  private awaitsTime(): boolean {
    for (const [id, load] of this.loads.active) {
      const priority = this.queueIndex.get(id)?.priority;
      if (load.method === "p2p" && priority !== undefined) {
        if (priority <= this.settings.requiredSegmentsPriority) return true;
      }
    }
    for (const id of this.loads.httpFailedAt.keys()) if (this.queueIndex.has(id)) return true;
    return false;
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
    for (const id of this.loads.arrivingIds()) add(id, SegmentStatus.Loading);
    for (const id of [...this.held].reverse()) add(id, SegmentStatus.Loaded);
    return entries;
  }

  private async serve(id: string): Promise<SegmentBuffer | undefined> {
    const arriving = this.loads.arriving(id);
    if (arriving) return arriving;
    if (!this.held.has(id) || this.swarmId === undefined) return undefined;
    const segment = await this.storage.getSegment(id, this.swarmId);
    return segment?.data ? SegmentBuffer.fromData(segment.data) : undefined;
  }

  /**
   * Reads what storage holds for the swarm and tells the peers: the whole map ("map": on joining,
   * when peers may have been sent a map before storage answered), or only what changed
   * ("changes": after a clean, a status per segment instead of the whole map to every peer).
   */
  private async refreshHeld(announce: "map" | "changes"): Promise<void> {
    const swarmId = this.swarmId;
    if (swarmId === undefined) return;
    try {
      const map = await this.storage.getSegmentsMap(swarmId);
      if (swarmId !== this.swarmId) return;
      const before = this.held;
      this.held = new Set(map.keys());
      this.ownDigests?.keepOnly(this.held);
      if (announce === "map") this.swarm?.announceAll();
      else this.announceChanges(before);
    } catch (error) {
      debug("storage map failed: %o", error);
    }
  }

  /** Statuses for what left storage (gone) or appeared in it (loaded) since `before`. */
  private announceChanges(before: ReadonlySet<string>): void {
    const changes: [string, SegmentStatus][] = [];
    for (const id of before) {
      // A segment downloading again meanwhile keeps the "loading" it was announced with.
      if (!this.held.has(id) && !this.loads.isActive(id)) changes.push([id, SegmentStatus.Gone]);
    }
    for (const id of this.held) if (!before.has(id)) changes.push([id, SegmentStatus.Loaded]);
    // Past a few changes (expiry of many at once), one map message is cheaper than many statuses.
    if (changes.length > MAX_STATUS_BATCH) {
      this.swarm?.announceAll();
      return;
    }
    for (const [id, status] of changes) this.swarm?.announce(id, status);
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
    const now = this.env.clock.now();
    const connected = swarm?.peerCount ?? 0;
    // Peers the tracker reported whose segment maps have not arrived (before the tracker
    // answers, we do not know whether there are any: that waits too).
    const unconnected =
      this.knownPeers === undefined || this.knownPeers > (swarm?.mappedPeerCount ?? 0);
    return {
      now,
      settings: this.settings,
      queue: this.queue,
      isHeld: (id) => this.held.has(id),
      active: this.loads.active,
      httpFailedAt: this.loads.httpFailedAt,
      excludedPeers: (id) => this.loads.excludedPeers(id),
      p2pEnabled: swarm !== undefined,
      initialP2POnly: this.initialUntil !== undefined,
      peersView: {
        connected,
        known: this.knownPeers ?? 0,
        alone: !swarm || (this.knownPeers === 0 && connected === 0),
        joining:
          swarm !== undefined &&
          unconnected &&
          now - this.joinedAt < this.settings.p2pJoinGracePeriod,
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
        this.loads.startHttp(segment, action.random);
        return;
      case "p2p":
        this.loads.startP2P(segment, action.peerId, action.urgent);
        return;
      case "abort":
        this.loads.takeBack(action.id);
        if (action.reason === "p2p-too-slow") this.processQueue();
    }
  }

  /** Announces the origin's digest of a segment we fetched whole from it (attestations.ts). */
  private async attest(segment: Segment): Promise<void> {
    const swarm = this.swarm;
    if (!this.ownDigests || !segment.data) return;
    const digest = await this.ownDigests.attest(segment.id, segment.data);
    if (digest && this.swarm === swarm && this.held.has(segment.id)) {
      swarm?.announceDigest(segment.id, digest);
    }
  }

  private async cleanStorage(): Promise<void> {
    try {
      const removed = await this.storage.clean(
        (id) => this.queueIndex.has(id) || this.loads.isActive(id),
      );
      if (removed) await this.refreshHeld("changes");
    } catch (error) {
      debug("storage clean failed: %o", error);
    }
  }
}
