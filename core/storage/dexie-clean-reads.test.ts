import { Dexie } from "dexie";
import { IDBIndex, IDBKeyRange, IDBObjectStore, indexedDB } from "fake-indexeddb";
import { afterEach, describe, expect, it } from "vitest";
import { DexieSegmentsStorage } from "./dexie-storage.js";
import { bytesOf, sizedSegment } from "./segments-storage.contract.js";

let counter = 0;
const uniqueName = () => `p2pv-reads-${String(process.pid)}-${String(++counter)}`;

/** IndexedDB requests that hand back stored values; key-only reads are not among them. */
const VALUE_READS = ["get", "getAll", "getAllRecords", "openCursor"] as const;

type Method = (...args: unknown[]) => unknown;
const restores: (() => void)[] = [];

/**
 * Wraps every value read of fake-indexeddb's object stores and indexes; `reads` gets the name of
 * the object store each one reads, in order.
 */
function watchValueReads(): string[] {
  const reads: string[] = [];
  const wrap = (prototype: object, storeName: (self: never) => string) => {
    const methods = prototype as Record<string, Method | undefined>;
    for (const name of VALUE_READS) {
      const original = methods[name];
      if (!original) continue;
      methods[name] = function (this: never, ...args: unknown[]) {
        reads.push(storeName(this));
        return original.apply(this, args);
      };
      restores.push(() => {
        methods[name] = original;
      });
    }
  };
  wrap(IDBObjectStore.prototype, (store: IDBObjectStore) => store.name);
  wrap(IDBIndex.prototype, (index: IDBIndex) => index.objectStore.name);
  return reads;
}

afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

describe("DexieSegmentsStorage.clean() never reads a segment's bytes", () => {
  it("cleans, evicting and expiring, without a value read of the segments table", async () => {
    let time = 0;
    const storage = new DexieSegmentsStorage(() => time, 3, 1000, {
      name: uniqueName(),
      indexedDB,
      IDBKeyRange,
    });
    for (let index = 0; index < 6; index++) {
      time += 100;
      await storage.storeSegment(sizedSegment(`s${String(index)}`, "swarm", 64 * 1024));
    }
    const reads = watchValueReads();
    expect(await storage.clean()).toBe(true);
    time += 5000;
    expect(await storage.clean()).toBe(true);
    expect(reads.length).toBeGreaterThan(0); // the wrapper sees reads: it reads the metadata
    expect(reads.filter((store) => store === "segments")).toEqual([]);
    expect(await bytesOf(storage, "swarm")).toBe(0);
  });
});

describe("DexieSegmentsStorage upgrade from version 1 (times in the segment rows)", () => {
  it("sizes and times of old rows move to the metadata: the byte limit evicts the oldest", async () => {
    const name = uniqueName();
    const old = new Dexie(name, { indexedDB, IDBKeyRange });
    old.version(1).stores({ segments: "key, masterSwarmId, lastAccessed" });
    // Stored out of time order: the upgrade must take the times from the rows.
    for (const [id, lastAccessed] of [
      ["c", 300],
      ["a", 100],
      ["d", 400],
      ["b", 200],
    ] as const) {
      const segment = sizedSegment(id, "swarm", 30);
      await old.table("segments").put({
        key: `swarm\u0000${id}`,
        masterSwarmId: "swarm",
        id,
        url: segment.url,
        range: undefined,
        masterManifestUri: undefined,
        streamId: undefined,
        sequence: "",
        data: segment.data,
        lastAccessed,
      });
    }
    old.close();

    const storage = new DexieSegmentsStorage(() => 500, 10, 60_000, {
      name,
      indexedDB,
      IDBKeyRange,
      bytes: { scopeBytes: 60, totalBytes: 1000, lockedScopeBytes: 30 },
    });
    expect(await storage.clean()).toBe(true);
    expect([...(await storage.getSegmentsMap("swarm")).keys()].sort()).toEqual(["c", "d"]);
    expect((await storage.getSegment("d", "swarm"))?.data?.byteLength).toBe(30);
  });
});
