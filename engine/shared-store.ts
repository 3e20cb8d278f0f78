/**
 * The engine's one segment store, shared by every loader (one IndexedDB for the browser profile,
 * the most recent segments in memory in front of it), and each loader's view of it.
 *
 * - Fair to sites: the bytes of a site (core/storage/cache-limits.ts; `cachedSegmentsCount`
 *   bounds each of its swarms) apply to each site on its own (`DexieSegmentsStorage`'s
 *   `scopeOf`), so a site streaming a lot evicts its own oldest segments, never another site's.
 *   Expiry (`cachedSegmentExpiration`) applies to all, so a site nobody watches any more is
 *   emptied by the next clean of any site. Over the byte limit of the whole store, the site
 *   holding most gives way first.
 * - Bounded locks: what a loader locks (its queue, which a page fills with put-segment bytes)
 *   is protected only up to the locked bytes of a site; beyond them it is evicted, oldest first,
 *   so a page cannot pin more than its site's limit.
 * - Locks of every loader: a loader's clean() locks its own queue and downloads (by segment id);
 *   here a clean keeps whatever any live loader locks, each lock on its own swarm's segments, so
 *   one loader's clean cannot evict a segment another loader (the audio track of the same page,
 *   another tab) is about to play or announce.
 * - A view's destroy() only detaches: the core's storages delete everything on destroy().
 */
import type { Segment, SegmentsStorage, Settings } from "../core";
import type { ByteLimits } from "../core/storage/cache-limits";
import type { CacheUsage, ManagedSegmentsStorage } from "../core/storage/segments-storage";
import { DexieSegmentsStorage } from "../core/storage/dexie-storage";
import { FallbackSegmentsStorage, type FallbackCounts } from "../core/storage/fallback-storage";
import { MemorySegmentsStorage } from "../core/storage/memory-storage";
import { RecentSegmentsStorage } from "./recent-segments";
import { siteOfScopedSwarmId } from "./swarm-key";

type Lock = (id: string) => boolean;

export class SharedSegmentStore {
  /** The live view of each swarm (by the scoped swarm id the loader uses). */
  private readonly views = new Map<string, SwarmStorageView>();

  constructor(
    private readonly shared: ManagedSegmentsStorage,
    /** How often IndexedDB failed and memory stood in (engine/status reports it). */
    readonly failures?: Readonly<FallbackCounts>,
    /** Applies changed cache settings to the open store (count, expiry, bytes in all). */
    private readonly limits: (settings: CacheSettings) => void = () => undefined,
  ) {}

  /** What the store holds over every site. */
  usage(): Promise<CacheUsage> {
    return this.shared.usage();
  }

  /**
   * Empties the store (the viewer's "clear cache"): every site's segments, on disk and in memory.
   * The engine then has every loader read the store again (HybridLoader.storageChanged), so
   * they announce what went and fetch again what is still queued.
   */
  clear(): Promise<void> {
    return this.shared.clear();
  }

  /** New cache settings for the open store, from its next clean on. */
  setLimits(settings: CacheSettings): void {
    this.limits(settings);
  }

  /** A loader's view, for the swarm `masterSwarmId` (replaces an older view of that swarm). */
  view(masterSwarmId: string): SegmentsStorage {
    const view = new SwarmStorageView(this, this.shared, masterSwarmId);
    this.views.set(masterSwarmId, view);
    return view;
  }

  /** Cleans the shared store, keeping what any live view's loader locks in its own swarm. */
  clean(): Promise<boolean> {
    return this.shared.clean(
      (id, masterSwarmId) => this.views.get(masterSwarmId)?.locks(id) ?? false,
    );
  }

  forget(view: SwarmStorageView): void {
    if (this.views.get(view.masterSwarmId) === view) this.views.delete(view.masterSwarmId);
  }
}

class SwarmStorageView implements SegmentsStorage {
  private detached = false;
  private lock: Lock | undefined;

  constructor(
    private readonly store: SharedSegmentStore,
    private readonly shared: SegmentsStorage,
    readonly masterSwarmId: string,
  ) {}

  /** Whether this view's loader locked `id` the last time it cleaned (its filter reads live state). */
  locks(id: string): boolean {
    return this.lock?.(id) ?? false;
  }

  storeSegment(segment: Segment): Promise<void> {
    if (this.detached) return Promise.resolve();
    return this.shared.storeSegment(segment);
  }

  getSegmentsMap(masterSwarmId: string): Promise<Map<string, { segment: Segment }>> {
    return this.shared.getSegmentsMap(masterSwarmId);
  }

  getSegment(id: string, masterSwarmId: string): Promise<Segment | undefined> {
    return this.shared.getSegment(id, masterSwarmId);
  }

  clean(lockedSegmentsFilter?: (id: string, masterSwarmId: string) => boolean): Promise<boolean> {
    if (lockedSegmentsFilter) this.lock = (id) => lockedSegmentsFilter(id, this.masterSwarmId);
    return this.store.clean();
  }

  destroy(): Promise<void> {
    this.detached = true;
    this.store.forget(this);
    return Promise.resolve();
  }
}

const MiB = 1024 * 1024;

/**
 * Where segments go when IndexedDB fails: memory, in the engine's own process, so less than
 * IndexedDB's limits (a minute of 1080p is about 30 MiB). Enough to hand the page what it asked
 * for and to serve peers the recent part of the stream.
 */
export const MEMORY_FALLBACK_BYTES: ByteLimits = {
  scopeBytes: 64 * MiB,
  totalBytes: 128 * MiB,
  lockedScopeBytes: 32 * MiB,
};

/**
 * The engine's store: IndexedDB (limits from the settings it is opened with and the byte limits
 * of core/storage/cache-limits.ts, applied per site) with the recent segments in memory in front.
 * If IndexedDB is missing, will not open or is full, segments go to memory instead
 * (core/storage/fallback-storage.ts): playback and sharing go on without a disk cache.
 */
/** The settings the store applies. */
export type CacheSettings = Pick<
  Settings,
  "cachedSegmentsCount" | "cachedSegmentExpiration" | "cacheMaxBytes"
>;

export function openSharedStore(
  settings: CacheSettings,
  options: {
    name?: string;
    indexedDB?: IDBFactory;
    IDBKeyRange?: typeof IDBKeyRange;
    /** Byte limits other than the defaults (tests). */
    bytes?: Partial<ByteLimits>;
  } = {},
  now: () => number = Date.now,
): SharedSegmentStore {
  const { cachedSegmentsCount, cachedSegmentExpiration, cacheMaxBytes } = settings;
  const diskBytes = { totalBytes: cacheMaxBytes, ...options.bytes };
  const memoryBytes = { ...MEMORY_FALLBACK_BYTES, ...options.bytes };
  const disk = new DexieSegmentsStorage(now, cachedSegmentsCount, cachedSegmentExpiration, {
    ...options,
    bytes: diskBytes,
    scopeOf: siteOfScopedSwarmId,
  });
  const memory = new MemorySegmentsStorage(now, cachedSegmentsCount, cachedSegmentExpiration, {
    scopeOf: siteOfScopedSwarmId,
    bytes: memoryBytes,
  });
  let reported = false;
  const store = new FallbackSegmentsStorage(disk, memory, (operation, error) => {
    // Once per engine run: a full disk fails every write.
    if (reported) return;
    reported = true;
    console.warn(`segment cache: IndexedDB ${operation} failed, using memory`, error);
  });
  const limits = (next: CacheSettings) => {
    const common = { maxCount: next.cachedSegmentsCount, expiration: next.cachedSegmentExpiration };
    disk.setLimits({ ...common, totalBytes: options.bytes?.totalBytes ?? next.cacheMaxBytes });
    // Memory stands in for the disk with less: never more than its own total.
    memory.setLimits({
      ...common,
      totalBytes: Math.min(memoryBytes.totalBytes, next.cacheMaxBytes),
    });
  };
  limits(settings);
  return new SharedSegmentStore(new RecentSegmentsStorage(store), store.counts, limits);
}
