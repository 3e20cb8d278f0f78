import type { Segment } from "../segment.js";
import type { CacheUsage, ManagedSegmentsStorage } from "./segments-storage.js";

/** What the fallback saw of the primary storage's failures. */
export interface FallbackCounts {
  /** Operations of the primary storage that threw or rejected. */
  primaryFailures: number;
  /** Segments stored in the fallback because the primary would not take them. */
  storedInFallback: number;
}

/**
 * A storage that never fails because its primary does: IndexedDB can be missing (a browser's
 * private mode, a profile whose database is broken), refuse to open, or throw
 * QuotaExceededError on a write when the disk is full. A loader whose storage fails cannot
 * announce or hand out what it downloaded (the core stores a segment before it counts as held),
 * so every failure of the primary is absorbed here: a segment the primary would not take goes to
 * the fallback (memory), reads look in the fallback first and treat a failed primary read as a
 * miss, and the map is the union of both. The primary is tried again on every write, so the
 * store recovers once space is freed.
 */
export class FallbackSegmentsStorage implements ManagedSegmentsStorage {
  readonly counts: FallbackCounts = { primaryFailures: 0, storedInFallback: 0 };

  constructor(
    private readonly primary: ManagedSegmentsStorage,
    private readonly fallback: ManagedSegmentsStorage,
    /** Told of each failure of the primary (a log line; never throws back). */
    private readonly onFailure: (operation: string, error: unknown) => void = () => undefined,
  ) {}

  async storeSegment(segment: Segment): Promise<void> {
    const stored = await this.tryPrimary("store", () => this.primary.storeSegment(segment), false);
    if (stored !== false) return;
    this.counts.storedInFallback++;
    await this.fallback.storeSegment(segment);
  }

  async getSegmentsMap(masterSwarmId: string): Promise<Map<string, { segment: Segment }>> {
    const [fromPrimary, fromFallback] = await Promise.all([
      this.tryPrimary("map", () => this.primary.getSegmentsMap(masterSwarmId), new Map()),
      this.fallback.getSegmentsMap(masterSwarmId),
    ]);
    if (fromFallback.size === 0) return fromPrimary;
    return new Map([...fromPrimary, ...fromFallback]);
  }

  async getSegment(id: string, masterSwarmId: string): Promise<Segment | undefined> {
    const inFallback = await this.fallback.getSegment(id, masterSwarmId);
    if (inFallback) return inFallback;
    return this.tryPrimary("read", () => this.primary.getSegment(id, masterSwarmId), undefined);
  }

  async clean(
    lockedSegmentsFilter?: (id: string, masterSwarmId: string) => boolean,
  ): Promise<boolean> {
    const [primary, fallback] = await Promise.all([
      this.tryPrimary("clean", () => this.primary.clean(lockedSegmentsFilter), false),
      this.fallback.clean(lockedSegmentsFilter),
    ]);
    return primary || fallback;
  }

  /** Both together; a primary that cannot say counts as empty. */
  async usage(): Promise<CacheUsage> {
    const none: CacheUsage = { segments: 0, bytes: 0 };
    const [primary, fallback] = await Promise.all([
      this.tryPrimary("usage", () => this.primary.usage(), none),
      this.fallback.usage(),
    ]);
    return {
      segments: primary.segments + fallback.segments,
      bytes: primary.bytes + fallback.bytes,
    };
  }

  async clear(): Promise<void> {
    await this.tryPrimary("clear", () => this.primary.clear(), undefined);
    await this.fallback.clear();
  }

  async destroy(): Promise<void> {
    await this.tryPrimary("destroy", () => this.primary.destroy(), undefined);
    await this.fallback.destroy();
  }

  /** The primary's answer, or `otherwise` if it threw or rejected (counted and reported). */
  private async tryPrimary<T, U>(
    operation: string,
    run: () => Promise<T>,
    otherwise: U,
  ): Promise<T | U> {
    try {
      return await run();
    } catch (error) {
      this.counts.primaryFailures++;
      this.onFailure(operation, error);
      return otherwise;
    }
  }
}
