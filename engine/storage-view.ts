import type { Segment, SegmentsStorage } from "../core";

/**
 * One loader's handle on the engine's shared segment store (one IndexedDB for the profile).
 * The core's storages delete everything on destroy(); a loader leaving its swarm must not wipe
 * the other loaders' segments, so destroy() here only detaches.
 */
export class SharedStorageView implements SegmentsStorage {
  private detached = false;

  constructor(private readonly shared: SegmentsStorage) {}

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

  clean(lockedSegmentsFilter?: (id: string) => boolean): Promise<boolean> {
    return this.shared.clean(lockedSegmentsFilter);
  }

  destroy(): Promise<void> {
    this.detached = true;
    return Promise.resolve();
  }
}
