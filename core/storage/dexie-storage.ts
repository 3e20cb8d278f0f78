import { Dexie, type EntityTable, type Transaction } from "dexie";
import { Segment } from "../segment.js";
import {
  DEFAULT_BYTE_LIMITS,
  planEviction,
  type ByteLimits,
  type CacheEntry,
} from "./cache-limits.js";
import type { StorageLimitOptions } from "./memory-storage.js";
import type { CacheLimitSettings, CacheUsage, ManagedSegmentsStorage } from "./segments-storage.js";

/** A segment's bytes and fields; read only to hand a segment out, never to evict. */
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
}

/**
 * What eviction reads (size and access time), in a table of its own: clean() runs after every
 * stored segment, and reading the segment rows would load every cached byte into memory.
 */
type MetaRow = CacheEntry;

type SegmentsDb = Dexie & {
  segments: EntityTable<SegmentRow, "key">;
  meta: EntityTable<MetaRow, "key">;
};

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
 * Version 1 kept `lastAccessed` in the segment rows (where it stays, unread). Version 2 keeps it,
 * with the size, in `meta`; the upgrade reads each old row once, one at a time, to size it.
 */
async function upgradeToMeta(tx: Transaction): Promise<void> {
  const rows: MetaRow[] = [];
  await tx.table<SegmentRow & { lastAccessed?: number }, string>("segments").each((row) => {
    rows.push({
      key: row.key,
      id: row.id,
      masterSwarmId: row.masterSwarmId,
      size: row.data.byteLength,
      lastAccessed: row.lastAccessed ?? 0,
    });
  });
  await tx.table<MetaRow, string>("meta").bulkPut(rows);
}

/**
 * Segments in IndexedDB through Dexie, so a reload can re-use them. Same limits as the memory
 * storage: at most `maxCount` segments per swarm and the byte limits of cache-limits.ts, each
 * dropped once unused for `expiration` ms. With `scopeOf`, the scope byte limits apply to each
 * scope on its own (e.g. each site of a store that several sites share), so one scope's segments
 * never push out another's; expiry and the total byte limit apply to all.
 */
export class DexieSegmentsStorage implements ManagedSegmentsStorage {
  private readonly db: SegmentsDb;
  private readonly scopeOf: (masterSwarmId: string) => string;
  private bytes: ByteLimits;

  constructor(
    /** Wall-clock milliseconds (Date.now in production). */
    private readonly now: () => number,
    private maxCount: number,
    private expiration: number,
    options: StorageLimitOptions & {
      name?: string;
      indexedDB?: IDBFactory;
      IDBKeyRange?: typeof IDBKeyRange;
    } = {},
  ) {
    this.scopeOf = options.scopeOf ?? (() => "");
    this.bytes = { ...DEFAULT_BYTE_LIMITS, ...options.bytes };
    const db = new Dexie(options.name ?? "p2pv-segments", {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    }) as SegmentsDb;
    db.version(1).stores({ segments: "key, masterSwarmId, lastAccessed" });
    db.version(2).stores({ segments: "key, masterSwarmId", meta: "key" }).upgrade(upgradeToMeta);
    this.db = db;
  }

  async storeSegment(segment: Segment): Promise<void> {
    const data = segment.data;
    if (!data) return;
    const masterSwarmId = segment.masterSwarmId ?? "";
    const key = rowKey(masterSwarmId, segment.id);
    await this.db.transaction("rw", this.db.segments, this.db.meta, async () => {
      await this.db.segments.put({
        key,
        masterSwarmId,
        id: segment.id,
        url: segment.url,
        range: segment.range,
        masterManifestUri: segment.masterManifestUri,
        streamId: segment.streamId,
        sequence: segment.sequence,
        data,
      });
      await this.db.meta.put({
        key,
        masterSwarmId,
        id: segment.id,
        size: data.byteLength,
        lastAccessed: this.now(),
      });
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
    // The access time lives in `meta`: updating it never rewrites the segment's bytes.
    await this.db.meta.update(key, { lastAccessed: this.now() });
    return toSegment(row);
  }

  /** Reads `meta` only (sizes and times), then deletes the doomed rows of both tables. */
  async clean(
    lockedSegmentsFilter?: (id: string, masterSwarmId: string) => boolean,
  ): Promise<boolean> {
    const now = this.now();
    return this.db.transaction("rw", this.db.segments, this.db.meta, async () => {
      const doomed = planEviction(
        await this.db.meta.toArray(),
        { ...this.bytes, maxCount: this.maxCount, expiration: this.expiration },
        now,
        this.scopeOf,
        lockedSegmentsFilter,
      );
      await this.db.segments.bulkDelete(doomed);
      await this.db.meta.bulkDelete(doomed);
      return doomed.length > 0;
    });
  }

  /** Reads `meta` only. */
  async usage(): Promise<CacheUsage> {
    const rows = await this.db.meta.toArray();
    return { segments: rows.length, bytes: rows.reduce((sum, row) => sum + row.size, 0) };
  }

  async clear(): Promise<void> {
    await this.db.transaction("rw", this.db.segments, this.db.meta, async () => {
      await this.db.segments.clear();
      await this.db.meta.clear();
    });
  }

  /** New limits (the settings changed), from the next clean on. */
  setLimits({ maxCount, expiration, totalBytes }: CacheLimitSettings): void {
    this.maxCount = maxCount;
    this.expiration = expiration;
    this.bytes = { ...this.bytes, totalBytes };
  }

  async destroy(): Promise<void> {
    await this.db.delete();
  }
}
