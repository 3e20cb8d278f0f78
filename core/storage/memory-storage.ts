import type { Segment } from "../segment.js";
import type { SegmentsStorage } from "./segments-storage.js";

interface Entry {
  segment: Segment;
  lastAccessed: number;
}

const key = (masterSwarmId: string | undefined, id: string) => `${masterSwarmId ?? ""}\u0000${id}`;

/**
 * The default storage: segments in memory, at most `maxCount`, each dropped once unused for
 * `expiration` ms (the cachedSegmentsCount and cachedSegmentExpiration settings).
 */
export class MemorySegmentsStorage implements SegmentsStorage {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** Wall-clock milliseconds (Date.now in production). */
    private readonly now: () => number,
    private readonly maxCount: number,
    private readonly expiration: number,
  ) {}

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
    const now = this.now();
    const removable: [string, Entry][] = [];
    let removed = false;
    for (const [entryKey, entry] of this.entries) {
      if (lockedSegmentsFilter?.(entry.segment.id, entry.segment.masterSwarmId ?? "")) continue;
      if (now - entry.lastAccessed > this.expiration) {
        this.entries.delete(entryKey);
        removed = true;
      } else {
        removable.push([entryKey, entry]);
      }
    }
    const excess = this.entries.size - this.maxCount;
    if (excess > 0) {
      removable.sort((a, b) => a[1].lastAccessed - b[1].lastAccessed);
      for (const [entryKey] of removable.slice(0, excess)) this.entries.delete(entryKey);
      removed ||= removable.length > 0;
    }
    return Promise.resolve(removed);
  }

  destroy(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }
}
