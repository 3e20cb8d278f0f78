import type { Segment } from "../segment.js";
import {
  DEFAULT_BYTE_LIMITS,
  planEviction,
  type ByteLimits,
  type CacheEntry,
} from "./cache-limits.js";
import type { CacheLimitSettings, CacheUsage, ManagedSegmentsStorage } from "./segments-storage.js";

interface Entry {
  segment: Segment;
  lastAccessed: number;
}

const key = (masterSwarmId: string | undefined, id: string) => `${masterSwarmId ?? ""}\u0000${id}`;

/** Options shared with DexieSegmentsStorage. */
export interface StorageLimitOptions {
  /** The scope the limits apply to, by a segment's masterSwarmId (default: one for all). */
  scopeOf?: (masterSwarmId: string) => string;
  /** Byte limits (default DEFAULT_BYTE_LIMITS: cache-limits.ts says why). */
  bytes?: Partial<ByteLimits>;
}

/**
 * The default storage: segments in memory, at most `maxCount` per swarm and the byte limits of
 * cache-limits.ts, each dropped once unused for `expiration` ms (the cachedSegmentsCount and
 * cachedSegmentExpiration settings). Evicts by the same plan as DexieSegmentsStorage.
 */
export class MemorySegmentsStorage implements ManagedSegmentsStorage {
  private readonly entries = new Map<string, Entry>();
  private readonly scopeOf: (masterSwarmId: string) => string;
  private bytes: ByteLimits;

  constructor(
    /** Wall-clock milliseconds (Date.now in production). */
    private readonly now: () => number,
    private maxCount: number,
    private expiration: number,
    options: StorageLimitOptions = {},
  ) {
    this.scopeOf = options.scopeOf ?? (() => "");
    this.bytes = { ...DEFAULT_BYTE_LIMITS, ...options.bytes };
  }

  storeSegment(segment: Segment): Promise<void> {
    this.entries.set(key(segment.masterSwarmId, segment.id), {
      segment,
      lastAccessed: this.now(),
    });
    return Promise.resolve();
  }

  getSegmentsMap(masterSwarmId: string): Promise<Map<string, { segment: Segment }>> {
    const map = new Map<string, { segment: Segment }>();
    for (const { segment } of this.entries.values()) {
      if (segment.masterSwarmId === masterSwarmId) map.set(segment.id, { segment });
    }
    return Promise.resolve(map);
  }

  getSegment(id: string, masterSwarmId: string): Promise<Segment | undefined> {
    const entry = this.entries.get(key(masterSwarmId, id));
    if (entry) entry.lastAccessed = this.now();
    return Promise.resolve(entry?.segment);
  }

  clean(lockedSegmentsFilter?: (id: string, masterSwarmId: string) => boolean): Promise<boolean> {
    const entries: CacheEntry[] = [];
    for (const [entryKey, { segment, lastAccessed }] of this.entries) {
      entries.push({
        key: entryKey,
        id: segment.id,
        masterSwarmId: segment.masterSwarmId ?? "",
        size: segment.data?.byteLength ?? 0,
        lastAccessed,
      });
    }
    const doomed = planEviction(
      entries,
      { ...this.bytes, maxCount: this.maxCount, expiration: this.expiration },
      this.now(),
      this.scopeOf,
      lockedSegmentsFilter,
    );
    for (const entryKey of doomed) this.entries.delete(entryKey);
    return Promise.resolve(doomed.length > 0);
  }

  usage(): Promise<CacheUsage> {
    let bytes = 0;
    for (const { segment } of this.entries.values()) bytes += segment.data?.byteLength ?? 0;
    return Promise.resolve({ segments: this.entries.size, bytes });
  }

  clear(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }

  /** New limits (the settings changed), from the next clean on. */
  setLimits({ maxCount, expiration, totalBytes }: CacheLimitSettings): void {
    this.maxCount = maxCount;
    this.expiration = expiration;
    this.bytes = { ...this.bytes, totalBytes };
  }

  destroy(): Promise<void> {
    return this.clear();
  }
}
