/**
 * The most recently stored or read segments, kept in memory in front of the engine's IndexedDB
 * store. A page usually asks for a segment just after the engine got it (from a peer or over
 * HTTP), and reading 2 MiB back out of IndexedDB costs more than the fast path's whole hand-off.
 * Bytes are keyed by (masterSwarmId, id), which the engine scopes by site, and a segment's bytes
 * never change, so an entry stays correct even after the store below evicted it; what the loader
 * announces to peers still comes from the store (getSegmentsMap).
 */
import type { Segment } from "../core";
import type { CacheUsage, ManagedSegmentsStorage } from "../core/storage/segments-storage";

/** Memory for recent segments, at most (about 16 segments of 2 MiB). */
const MAX_BYTES = 32 * 1024 * 1024;

const keyOf = (masterSwarmId: string | undefined, id: string) => `${masterSwarmId ?? ""}\n${id}`;

export class RecentSegmentsStorage implements ManagedSegmentsStorage {
  /** Insertion order is recency: a hit moves the entry to the end. */
  private readonly recent = new Map<string, Segment>();
  private bytes = 0;

  constructor(private readonly store: ManagedSegmentsStorage) {}

  async storeSegment(segment: Segment): Promise<void> {
    await this.store.storeSegment(segment);
    this.remember(segment);
  }

  getSegmentsMap(masterSwarmId: string): Promise<Map<string, { segment: Segment }>> {
    return this.store.getSegmentsMap(masterSwarmId);
  }

  async getSegment(id: string, masterSwarmId: string): Promise<Segment | undefined> {
    const cached = this.recent.get(keyOf(masterSwarmId, id));
    if (cached) {
      this.remember(cached);
      return cached;
    }
    const segment = await this.store.getSegment(id, masterSwarmId);
    if (segment) this.remember(segment);
    return segment;
  }

  clean(lockedSegmentsFilter?: (id: string, masterSwarmId: string) => boolean): Promise<boolean> {
    return this.store.clean(lockedSegmentsFilter);
  }

  usage(): Promise<CacheUsage> {
    return this.store.usage();
  }

  clear(): Promise<void> {
    this.forgetAll();
    return this.store.clear();
  }

  destroy(): Promise<void> {
    this.forgetAll();
    return this.store.destroy();
  }

  private forgetAll(): void {
    this.recent.clear();
    this.bytes = 0;
  }

  private remember(segment: Segment): void {
    const size = segment.data?.byteLength ?? 0;
    if (size === 0 || size > MAX_BYTES) return;
    const key = keyOf(segment.masterSwarmId, segment.id);
    const known = this.recent.get(key);
    if (known) {
      this.recent.delete(key);
      this.bytes -= known.data?.byteLength ?? 0;
    }
    this.recent.set(key, segment);
    this.bytes += size;
    for (const [oldKey, old] of this.recent) {
      if (this.bytes <= MAX_BYTES) break;
      this.recent.delete(oldKey);
      this.bytes -= old.data?.byteLength ?? 0;
    }
  }
}
