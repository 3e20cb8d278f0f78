import { Dexie, type EntityTable } from "dexie";
import { Segment } from "../segment.js";
import type { SegmentsStorage } from "./segments-storage.js";

interface SegmentRow {
  /** `${masterSwarmId}\0${id}` */
  key: string;
  masterSwarmId: string;
  id: string;
  url: string;
  range: string | undefined;
  masterManifestUri: string | undefined;
  streamId: string | undefined;
  sequence: string;
  data: ArrayBuffer;
  lastAccessed: number;
}

type SegmentsDb = Dexie & { segments: EntityTable<SegmentRow, "key"> };

const rowKey = (masterSwarmId: string, id: string) => `${masterSwarmId}\u0000${id}`;

const toSegment = (row: SegmentRow) =>
  new Segment(row.id, row.url, row.range, 0, {
    masterSwarmId: row.masterSwarmId,
    masterManifestUri: row.masterManifestUri,
    streamId: row.streamId,
    sequence: row.sequence,
    data: row.data,
  });

/**
 * Segments in IndexedDB through Dexie, so a reload can re-use them. Same limits as the memory
 * storage: at most `maxCount` segments, each dropped once unused for `expiration` ms. With
 * `scopeOf` (added), `maxCount` applies to each scope on its own (e.g. each site of a store that
 * several sites share), so one scope's segments never push out another's; expiry applies to all.
 */
export class DexieSegmentsStorage implements SegmentsStorage {
  private readonly db: SegmentsDb;
  private readonly scopeOf: (masterSwarmId: string) => string;

  constructor(
    /** Wall-clock milliseconds (Date.now in production). */
    private readonly now: () => number,
    private readonly maxCount: number,
    private readonly expiration: number,
    options: {
      name?: string;
      indexedDB?: IDBFactory;
      IDBKeyRange?: typeof IDBKeyRange;
      /** The scope `maxCount` applies to, by a segment's masterSwarmId (default: one for all). */
      scopeOf?: (masterSwarmId: string) => string;
    } = {},
  ) {
    this.scopeOf = options.scopeOf ?? (() => "");
    const db = new Dexie(options.name ?? "p2pv-segments", {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    }) as SegmentsDb;
    db.version(1).stores({ segments: "key, masterSwarmId, lastAccessed" });
    this.db = db;
  }

  async storeSegment(segment: Segment): Promise<void> {
    if (!segment.data) return;
    const masterSwarmId = segment.masterSwarmId ?? "";
    await this.db.segments.put({
      key: rowKey(masterSwarmId, segment.id),
      masterSwarmId,
      id: segment.id,
      url: segment.url,
      range: segment.range,
      masterManifestUri: segment.masterManifestUri,
      streamId: segment.streamId,
      sequence: segment.sequence,
      data: segment.data,
      lastAccessed: this.now(),
    });
  }

  async getSegmentsMap(masterSwarmId: string): Promise<Map<string, { segment: Segment }>> {
    const rows = await this.db.segments.where("masterSwarmId").equals(masterSwarmId).toArray();
    return new Map(rows.map((row) => [row.id, { segment: toSegment(row) }]));
  }

  async getSegment(id: string, masterSwarmId: string): Promise<Segment | undefined> {
    const key = rowKey(masterSwarmId, id);
    const row = await this.db.segments.get(key);
    if (!row) return undefined;
    await this.db.segments.update(key, { lastAccessed: this.now() });
    return toSegment(row);
  }

  async clean(
    lockedSegmentsFilter?: (id: string, masterSwarmId: string) => boolean,
  ): Promise<boolean> {
    const now = this.now();
    return this.db.transaction("rw", this.db.segments, async () => {
      const rows = await this.db.segments.orderBy("lastAccessed").toArray();
      const scopes = new Map<string, SegmentRow[]>();
      for (const row of rows) {
        const scope = this.scopeOf(row.masterSwarmId);
        const inScope = scopes.get(scope) ?? [];
        inScope.push(row);
        scopes.set(scope, inScope);
      }
      const doomed: string[] = [];
      for (const inScope of scopes.values()) {
        const unlocked = inScope.filter(
          (row) => !lockedSegmentsFilter?.(row.id, row.masterSwarmId),
        );
        const expired = unlocked.filter((row) => now - row.lastAccessed > this.expiration);
        const fresh = unlocked.filter((row) => now - row.lastAccessed <= this.expiration);
        const excess = Math.max(0, inScope.length - expired.length - this.maxCount);
        for (const row of [...expired, ...fresh.slice(0, excess)]) doomed.push(row.key);
      }
      await this.db.segments.bulkDelete(doomed);
      return doomed.length > 0;
    });
  }

  async destroy(): Promise<void> {
    await this.db.delete();
  }
}
