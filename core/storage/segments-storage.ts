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
