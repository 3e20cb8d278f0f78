import type { Segment } from "../segment.js";

/**
 * Where loaded segments live; the seed's SegmentsStorage interface. Segments in storage are
 * announced to peers and served to them.
 */
export interface SegmentsStorage {
  storeSegment(segment: Segment): Promise<void>;
  getSegmentsMap(masterSwarmId: string): Promise<Map<string, { segment: Segment }>>;
  getSegment(id: string, masterSwarmId: string): Promise<Segment | undefined>;
  /**
   * Removes expired or excess segments; segments for which the filter returns true are kept. The
   * filter also gets the segment's masterSwarmId (added: a storage shared by several loaders can
   * ask each loader about its own swarm only).
   */
  clean(lockedSegmentsFilter?: (id: string, masterSwarmId: string) => boolean): Promise<boolean>;
  destroy(): Promise<void>;
}

/** What a cache holds in all: segments and their bytes. */
export interface CacheUsage {
  segments: number;
  bytes: number;
}

/** The limits a cache applies (cache-limits.ts): count and expiry from the settings, bytes. */
export interface CacheLimitSettings {
  maxCount: number;
  expiration: number;
  /** Bytes of all scopes together (the cacheMaxBytes setting); the other byte limits stay. */
  totalBytes: number;
}

/** (added) A storage whose contents the viewer can see and empty ("clear cache"). */
export interface ManagedSegmentsStorage extends SegmentsStorage {
  usage(): Promise<CacheUsage>;
  /** Deletes every segment of every swarm; the storage stays open. */
  clear(): Promise<void>;
}
