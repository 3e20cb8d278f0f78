import {
  Events,
  HybridLoader,
  LoaderError,
  type LoaderEnvironment,
  Segment,
  sha256,
  type SegmentsStorage,
  type Settings,
} from "../core";
import type { HttpClient, HttpRequest } from "../core/http/http-client";
import type { EngineClient } from "../messaging/background-to-engine";
import type { SegmentDescriptor } from "../messaging/segment-descriptor";
import { ENGINE_LIMITS } from "../messaging/engine-limits";
import { GuardedHttpClient } from "./http-policy";
import { IntegrityCheck, type IntegrityCounts } from "./integrity-check";
import { nearestSegments } from "./queue-limit";
import { scopedSwarmId } from "./swarm-key";

/** Byte counters for one tab in one swarm. */
export interface SwarmTabCounters {
  http: number;
  p2p: number;
  uploaded: number;
}

/** How long a get waits for the load that queues its segment (see getSegment). */
const QUEUE_GRACE_MS = 300;

/** Resolves when a function put in `set` is called, or after `ms`; it leaves the set either way. */
function wait(set: Set<() => void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      set.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, Math.max(0, ms));
    set.add(wake);
  });
}

const clientKey = (client: Pick<EngineClient, "tabId" | "frameId">) =>
  `${String(client.tabId)}:${String(client.frameId)}`;

/** What a SwarmEntry needs from its owner, and tells it. */
export interface SwarmEntryHooks {
  /**
   * Fetches through the first of `frames` that can (engine/fast-ports.ts fetchThrough): the
   * engine's HTTP downloads use a page's own network stack, never the extension's.
   */
  fetchThrough: (frames: readonly EngineClient[], request: HttpRequest) => Promise<void>;
  /** Bytes moved in this swarm, counted once whatever the number of tabs in it. */
  onBytes?: (kind: keyof SwarmTabCounters, bytes: number) => void;
  /** The engine's peer and upload budgets, shared by all its swarms (else the loader's own). */
  budgets?: Pick<LoaderEnvironment, "peerBudget" | "uploads">;
}

/**
 * One swarm of one site: a HybridLoader, the frames that use it (each with its own queue; the
 * loader gets their union, most urgent priority first) and per-tab byte counters. Peer bytes
 * go through the default integrity check (engine/integrity-check.ts) unless the settings bring
 * a segmentValidator of their own (stored settings cannot: only code can).
 */
export class SwarmEntry {
  readonly scopedId: string;
  private readonly loader: HybridLoader;
  /** Each frame's queue, the frame that loaded last at the end. */
  private readonly queues = new Map<
    string,
    { client: EngineClient; segments: SegmentDescriptor[] }
  >();
  private readonly queuedUrls = new Set<string>();
  private readonly counters = new Map<number, SwarmTabCounters>();
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Gets waiting for their segment to be queued (woken on every load). */
  private readonly queueWaiters = new Set<() => void>();
  private rejected = 0;
  /**
   * A page said some of this swarm's segments are encrypted (HLS AES-128): from then on peers'
   * bytes are checked as ciphertext (ContentValidator). Kept for the swarm, not per segment, so
   * a download that outlives its queue entry is still judged the same way.
   */
  private encrypted = false;
  /** Peer and page bytes against the origin (engine/integrity-check.ts), through the swarm's pages. */
  private readonly integrity: IntegrityCheck;

  constructor(
    readonly site: string,
    readonly swarmId: string,
    settings: Settings,
    /** This swarm's view of the engine's store (engine/shared-store.ts). */
    private readonly storage: SegmentsStorage,
    private readonly hooks: SwarmEntryHooks,
  ) {
    this.scopedId = scopedSwarmId(site, swarmId);
    const throughPage: HttpClient = {
      // The frame that loaded last first: it is the most likely to be playing.
      request: (request) => hooks.fetchThrough(this.frames().reverse(), request),
    };
    const http = new GuardedHttpClient(throughPage, site, (url) => this.queuedUrls.has(url));
    this.integrity = new IntegrityCheck(throughPage, sha256, undefined, () => this.encrypted);
    const segmentValidator = settings.segmentValidator ?? this.integrity.validate;
    // The loader attests (announces the digest of) what it fetched whole from the origin.
    this.loader = new HybridLoader(
      { ...settings, segmentsStorage: storage, segmentValidator },
      { http, digest: sha256, ...hooks.budgets },
    );
    this.loader.on(Events.SegmentError, (_segment, error, peerId) => {
      if (
        peerId !== undefined &&
        error instanceof LoaderError &&
        error.code === "validation-failed"
      ) {
        this.rejected++;
      }
    });
    this.loader.on(Events.PieceBytesDownloaded, (method, bytes) => {
      this.count(method === "http" ? "http" : "p2p", bytes);
    });
    this.loader.on(Events.PieceBytesUploaded, (_method, bytes) => {
      this.count("uploaded", bytes);
    });
    this.loader.on(Events.SegmentLoaded, (segment) => {
      const waiting = this.waiters.get(segment.id);
      this.waiters.delete(segment.id);
      for (const wake of waiting ?? []) wake();
    });
  }

  /** What the integrity checks cost and found in this swarm. */
  get integrityCounts(): IntegrityCounts {
    return this.integrity.counts;
  }

  get tabs(): number[] {
    return [...new Set(this.frames().map((client) => client.tabId))];
  }

  /** The frames in this swarm, the one that loaded last at the end. */
  frames(): EngineClient[] {
    return [...this.queues.values()].map((queue) => queue.client);
  }

  get isUnused(): boolean {
    return this.queues.size === 0;
  }

  get peers(): number {
    return this.loader.getDetails().connectedPeers;
  }

  get queued(): number {
    return this.queuedUrls.size;
  }

  /** Segments whose bytes from peers the validator rejected (those peers were banned). */
  get rejectedFromPeers(): number {
    return this.rejected;
  }

  countersFor(tabId: number): SwarmTabCounters | undefined {
    return this.counters.get(tabId);
  }

  /** Whether `client` has no segment queued here (e.g. a variant it switched away from). */
  isIdleFor(client: EngineClient): boolean {
    return (this.queues.get(clientKey(client))?.segments.length ?? 0) === 0;
  }

  /** Whether `client` is the only frame in this swarm. */
  isOnly(client: EngineClient): boolean {
    return this.queues.size === 1 && this.queues.has(clientKey(client));
  }

  /**
   * Sets one frame's queue (its ENGINE_LIMITS.queuePerFrame most urgent segments) and hands the
   * union of all queues to the loader.
   */
  load(client: EngineClient, segments: SegmentDescriptor[]): void {
    if (segments.some((segment) => segment.encrypted === true)) this.encrypted = true;
    const key = clientKey(client);
    this.queues.delete(key);
    this.queues.set(key, {
      client,
      segments: nearestSegments(segments, ENGINE_LIMITS.queuePerFrame),
    });
    if (!this.counters.has(client.tabId)) {
      this.counters.set(client.tabId, { http: 0, p2p: 0, uploaded: 0 });
    }
    this.apply();
  }

  /** Drops one frame, or every frame of the tab; true when nobody uses the swarm any more. */
  release(tabId: number, frameId?: number): boolean {
    for (const [key, queue] of [...this.queues]) {
      if (queue.client.tabId !== tabId) continue;
      if (frameId === undefined || key === clientKey({ tabId, frameId })) this.queues.delete(key);
    }
    if (!this.tabs.includes(tabId)) this.counters.delete(tabId);
    if (!this.isUnused) this.apply();
    return this.isUnused;
  }

  /**
   * The segment's bytes, waiting up to waitMs if it is queued; undefined is a miss. A segment not
   * queued yet gets up to QUEUE_GRACE_MS for the load that queues it: the page hook sends load
   * then get, and on the runtime route (the frame's port down) the background may pass them on
   * in either order; on the port they arrive in order (engine/fast-ports.ts).
   */
  async getSegment(segmentId: string, waitMs: number): Promise<ArrayBuffer | undefined> {
    const now = await this.read(segmentId);
    if (now !== undefined || waitMs <= 0) return now;
    const start = Date.now();
    if (!this.isQueued(segmentId)) {
      await wait(this.queueWaiters, Math.min(waitMs, QUEUE_GRACE_MS));
      if (!this.isQueued(segmentId)) return this.read(segmentId);
    }
    const set = this.waiters.get(segmentId) ?? new Set();
    this.waiters.set(segmentId, set);
    await wait(set, waitMs - (Date.now() - start));
    if (set.size === 0 && this.waiters.get(segmentId) === set) this.waiters.delete(segmentId);
    return this.read(segmentId);
  }

  /**
   * Bytes the page fetched itself: the loader stores them and announces them to peers (before the
   * loader has joined its swarm they go straight to storage, and are announced once it does).
   */
  async putSegment(
    client: EngineClient,
    descriptor: Omit<SegmentDescriptor, "priority">,
    data: ArrayBuffer,
  ) {
    const segment = new Segment(descriptor.id, descriptor.url, descriptor.range, 0, {
      masterSwarmId: this.scopedId,
      data,
    });
    // The page's bytes are no more trusted than a peer's: checked against the origin first.
    await this.integrity.checkPageBytes(segment);
    // The page fetched these bytes over HTTP itself: once checked, they count for its tab and site
    // as HTTP, like the engine's own downloads (unchecked, a page could inflate its counts).
    this.countFor(client.tabId, "http", data.byteLength);
    if (await this.loader.addSegment(segment)) return;
    await this.storage.storeSegment(segment);
    // The loader cleans after what it stores; bytes stored past it count against the limits too.
    await this.storage.clean();
  }

  /** The shared store was emptied (the viewer's "clear cache"): the loader reads it again. */
  storageCleared(): Promise<void> {
    return this.loader.storageChanged();
  }

  async destroy(): Promise<void> {
    for (const waiting of this.waiters.values()) for (const wake of [...waiting]) wake();
    this.waiters.clear();
    for (const wake of [...this.queueWaiters]) wake();
    await this.loader.destroy();
  }

  private async read(segmentId: string): Promise<ArrayBuffer | undefined> {
    const segment = await this.storage.getSegment(segmentId, this.scopedId);
    return segment?.data;
  }

  private isQueued(segmentId: string): boolean {
    for (const queue of this.queues.values()) {
      if (queue.segments.some((segment) => segment.id === segmentId)) return true;
    }
    return false;
  }

  /** Bytes that one tab moved (not every tab in the swarm). */
  private countFor(tabId: number, kind: keyof SwarmTabCounters, bytes: number): void {
    const counters = this.counters.get(tabId);
    if (counters) counters[kind] += bytes;
    this.hooks.onBytes?.(kind, bytes);
  }

  private count(kind: keyof SwarmTabCounters, bytes: number): void {
    for (const counters of this.counters.values()) counters[kind] += bytes;
    this.hooks.onBytes?.(kind, bytes);
  }

  private apply(): void {
    for (const wake of [...this.queueWaiters]) wake();
    const merged = new Map<string, SegmentDescriptor>();
    for (const queue of this.queues.values()) {
      for (const segment of queue.segments) {
        const known = merged.get(segment.id);
        if (!known || segment.priority < known.priority) merged.set(segment.id, segment);
      }
    }
    this.queuedUrls.clear();
    const segments: Segment[] = [];
    for (const segment of merged.values()) {
      this.queuedUrls.add(segment.url);
      segments.push(new Segment(segment.id, segment.url, segment.range, segment.priority));
    }
    this.loader.load(segments, this.scopedId);
  }
}
