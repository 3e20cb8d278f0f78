/**
 * Byte limits of a segment cache and the eviction plan both storages share, so the memory store
 * and IndexedDB evict the same segments. A count limit alone lets segment size decide the bytes
 * kept (30 segments of 8 MiB are 240 MiB), and a lock (a queued segment) used to protect without
 * bound: a page could queue ids and hand in bytes for each, pinning as much as it liked.
 */

const MiB = 1024 * 1024;

/** Byte limits; each scope (e.g. site) has its own, and all scopes together have `totalBytes`. */
export interface ByteLimits {
  /** Bytes one scope keeps at most, locked or not. */
  scopeBytes: number;
  /** Bytes all scopes keep together at most; over it, the scope holding most gives way first. */
  totalBytes: number;
  /**
   * Bytes of locked (queued or downloading) segments one scope keeps whatever the other limits;
   * locked bytes beyond it are evicted like unlocked ones, after them.
   */
  lockedScopeBytes: number;
}

/**
 * The defaults. A scope's 128 MiB keeps the default 30 segments up to about 4 MiB each (a 4 s
 * 1080p segment is about 2 MiB); a 4K stream keeps fewer, which costs only a refetch. 64 MiB of
 * locked bytes covers a queue of 30 segments of 2 MiB; a page queueing more, or bigger, segments
 * to pin them loses its oldest. 512 MiB for all: four sites at their limit, a small share of a
 * profile's disk (IndexedDB) or of the engine's memory.
 */
export const DEFAULT_BYTE_LIMITS: ByteLimits = {
  scopeBytes: 128 * MiB,
  totalBytes: 512 * MiB,
  lockedScopeBytes: 64 * MiB,
};

/** What eviction needs to know of a stored segment: never its bytes, only their size. */
export interface CacheEntry {
  /** The storage's own key of the segment. */
  key: string;
  id: string;
  masterSwarmId: string;
  size: number;
  lastAccessed: number;
}

export interface EvictionLimits extends ByteLimits {
  /**
   * Segments one swarm keeps at most (cachedSegmentsCount), as P2P Media Loader's per-stream
   * count: a video with separate audio has two swarms, and the site's byte limits bound them all.
   */
  maxCount: number;
  /** Ms unused after which an unlocked segment goes (cachedSegmentExpiration). */
  expiration: number;
}

/** Eviction state of one scope; each list is oldest first. */
interface Scope {
  /** Segments per swarm. */
  counts: Map<string, number>;
  bytes: number;
  /** Unlocked, then locked beyond `lockedScopeBytes`: what the scope's own limits may evict. */
  evictable: CacheEntry[];
  /** Locked within `lockedScopeBytes`: only the limit on all scopes may evict them. */
  protectedEntries: CacheEntry[];
}

const oldestFirst = (a: CacheEntry, b: CacheEntry) => a.lastAccessed - b.lastAccessed;

/** One scope's totals and the order its segments go in (unlocked before locked, oldest first). */
function evictionOrder(free: CacheEntry[], locked: CacheEntry[], limits: ByteLimits): Scope {
  // The most recently used locked segments are protected first (the queue's next ones).
  const exposed: CacheEntry[] = [];
  const protectedEntries: CacheEntry[] = [];
  const bound = Math.min(limits.lockedScopeBytes, limits.scopeBytes);
  let protectedBytes = 0;
  for (const entry of [...locked].sort(oldestFirst).reverse()) {
    if (protectedBytes + entry.size <= bound) {
      protectedBytes += entry.size;
      protectedEntries.push(entry);
    } else {
      exposed.push(entry);
    }
  }
  let bytes = 0;
  const counts = new Map<string, number>();
  for (const entry of [...free, ...locked]) {
    bytes += entry.size;
    counts.set(entry.masterSwarmId, (counts.get(entry.masterSwarmId) ?? 0) + 1);
  }
  return {
    counts,
    bytes,
    evictable: [...[...free].sort(oldestFirst), ...exposed.sort(oldestFirst)],
    protectedEntries: protectedEntries.sort(oldestFirst),
  };
}

/**
 * The keys to delete: unlocked segments unused for longer than `expiration`; then, per scope,
 * the oldest evictable of each swarm beyond `maxCount`, and the oldest evictable until the scope
 * is within `scopeBytes`; then, while all scopes hold more than `totalBytes`, the oldest of the
 * scope holding most (protected ones last).
 */
export function planEviction(
  entries: Iterable<CacheEntry>,
  limits: EvictionLimits,
  now: number,
  scopeOf: (masterSwarmId: string) => string,
  isLocked?: (id: string, masterSwarmId: string) => boolean,
): string[] {
  const doomed: string[] = [];
  const grouped = new Map<string, { free: CacheEntry[]; locked: CacheEntry[] }>();
  for (const entry of entries) {
    const locked = isLocked?.(entry.id, entry.masterSwarmId) ?? false;
    if (!locked && now - entry.lastAccessed > limits.expiration) {
      doomed.push(entry.key);
      continue;
    }
    const scope = scopeOf(entry.masterSwarmId);
    const group = grouped.get(scope) ?? { free: [], locked: [] };
    (locked ? group.locked : group.free).push(entry);
    grouped.set(scope, group);
  }
  const scopes = [...grouped.values()].map(({ free, locked }) =>
    evictionOrder(free, locked, limits),
  );
  const evict = (scope: Scope, entry: CacheEntry) => {
    doomed.push(entry.key);
    scope.counts.set(entry.masterSwarmId, (scope.counts.get(entry.masterSwarmId) ?? 1) - 1);
    scope.bytes -= entry.size;
  };
  let total = 0;
  for (const scope of scopes) {
    scope.evictable = scope.evictable.filter((entry) => {
      if ((scope.counts.get(entry.masterSwarmId) ?? 0) <= limits.maxCount) return true;
      evict(scope, entry);
      return false;
    });
    while (scope.bytes > limits.scopeBytes) {
      const entry = scope.evictable.shift();
      if (!entry) break;
      evict(scope, entry);
    }
    total += scope.bytes;
  }
  while (total > limits.totalBytes) {
    const largest = scopes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const entry = largest.evictable.shift() ?? largest.protectedEntries.shift();
    if (!entry) break;
    total -= entry.size;
    evict(largest, entry);
  }
  return doomed;
}
