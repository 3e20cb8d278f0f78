/**
 * Test-only: the SegmentsStorage contract, run by memory-storage.test.ts and
 * dexie-storage.test.ts against their own implementation. Not imported by production code.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { Segment } from "../segment.js";
import type { StorageLimitOptions } from "./memory-storage.js";
import type { SegmentsStorage } from "./segments-storage.js";

export interface StorageUnderTest {
  storage: SegmentsStorage;
  /**
   * A storage over the same backing store, as after a page reload (for a storage without one,
   * the same instance).
   */
  reopen: () => SegmentsStorage;
}

/** Builds a fresh, empty storage whose clock is `now`. */
export type StorageFactory = (
  now: () => number,
  maxCount: number,
  expiration: number,
  /** Byte limits and scopes (default: the storage's defaults, one scope). */
  options?: StorageLimitOptions,
) => StorageUnderTest;

const bytes = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, index) => (index * 7 + seed) & 0xff);

export function makeSegment(id: string, masterSwarmId = "swarm-1", seed = 1): Segment {
  return new Segment(id, `https://cdn.example/${id}.ts`, undefined, 3, {
    masterSwarmId,
    masterManifestUri: `https://cdn.example/${masterSwarmId}.m3u8`,
    streamId: "720p",
    sequence: `seq-${id}`,
    data: bytes(32 + seed, seed).buffer,
  });
}

function expectSameSegment(actual: Segment | undefined, expected: Segment): void {
  expect(actual).toBeDefined();
  if (!actual) return;
  expect({
    id: actual.id,
    url: actual.url,
    range: actual.range,
    masterSwarmId: actual.masterSwarmId,
    masterManifestUri: actual.masterManifestUri,
    streamId: actual.streamId,
    sequence: actual.sequence,
  }).toEqual({
    id: expected.id,
    url: expected.url,
    range: expected.range,
    masterSwarmId: expected.masterSwarmId,
    masterManifestUri: expected.masterManifestUri,
    streamId: expected.streamId,
    sequence: expected.sequence,
  });
  expect(actual.data).toBeDefined();
  expect(new Uint8Array(actual.data ?? new ArrayBuffer(0))).toEqual(
    new Uint8Array(expected.data ?? new ArrayBuffer(0)),
  );
}

/** A segment of exactly `size` bytes. */
export function sizedSegment(id: string, masterSwarmId: string, size: number): Segment {
  const segment = makeSegment(id, masterSwarmId);
  segment.data = new ArrayBuffer(size);
  return segment;
}

/** Bytes a swarm holds, by what getSegmentsMap hands out. */
export async function bytesOf(storage: SegmentsStorage, masterSwarmId: string): Promise<number> {
  let total = 0;
  for (const { segment } of (await storage.getSegmentsMap(masterSwarmId)).values()) {
    total += segment.data?.byteLength ?? 0;
  }
  return total;
}

const idsOf = async (storage: SegmentsStorage, masterSwarmId = "swarm-1") =>
  [...(await storage.getSegmentsMap(masterSwarmId)).keys()].sort();

export function describeSegmentsStorageContract(name: string, factory: StorageFactory): void {
  describe(`${name}: SegmentsStorage contract`, () => {
    let time: number;
    const now = () => time;

    beforeEach(() => {
      time = 1_000_000;
    });

    it("stores and returns a segment's bytes and fields", async () => {
      const { storage } = factory(now, 10, 60_000);
      const ranged = new Segment("r", "https://cdn.example/all.mp4", "bytes=100-199", 0, {
        masterSwarmId: "swarm-1",
        sequence: "7",
        data: bytes(100, 9).buffer,
      });
      const plain = makeSegment("a");
      await storage.storeSegment(plain);
      await storage.storeSegment(ranged);
      expectSameSegment(await storage.getSegment("a", "swarm-1"), plain);
      expectSameSegment(await storage.getSegment("r", "swarm-1"), ranged);
      const map = await storage.getSegmentsMap("swarm-1");
      expect([...map.keys()].sort()).toEqual(["a", "r"]);
      expectSameSegment(map.get("a")?.segment, plain);
      expectSameSegment(map.get("r")?.segment, ranged);
    });

    it("returns undefined for an unknown id or another swarm's id", async () => {
      const { storage } = factory(now, 10, 60_000);
      await storage.storeSegment(makeSegment("a", "swarm-1"));
      expect(await storage.getSegment("b", "swarm-1")).toBeUndefined();
      expect(await storage.getSegment("a", "swarm-2")).toBeUndefined();
    });

    it("storing the same id again replaces the segment", async () => {
      const { storage } = factory(now, 10, 60_000);
      await storage.storeSegment(makeSegment("a", "swarm-1", 1));
      const replacement = makeSegment("a", "swarm-1", 2);
      await storage.storeSegment(replacement);
      expectSameSegment(await storage.getSegment("a", "swarm-1"), replacement);
      expect(await idsOf(storage)).toEqual(["a"]);
    });

    it("getSegmentsMap lists only the given masterSwarmId's segments", async () => {
      const { storage } = factory(now, 10, 60_000);
      await storage.storeSegment(makeSegment("a", "swarm-1"));
      await storage.storeSegment(makeSegment("b", "swarm-1"));
      await storage.storeSegment(makeSegment("a", "swarm-2", 5));
      await storage.storeSegment(makeSegment("c", "swarm-2"));
      expect(await idsOf(storage, "swarm-1")).toEqual(["a", "b"]);
      expect(await idsOf(storage, "swarm-2")).toEqual(["a", "c"]);
      expect(await idsOf(storage, "swarm-3")).toEqual([]);
      // The same id in two swarms is two segments.
      expectSameSegment(await storage.getSegment("a", "swarm-2"), makeSegment("a", "swarm-2", 5));
      expectSameSegment(await storage.getSegment("a", "swarm-1"), makeSegment("a", "swarm-1"));
    });

    it("clean() with nothing to remove returns false and keeps everything", async () => {
      const { storage } = factory(now, 3, 60_000);
      expect(await storage.clean()).toBe(false);
      await storage.storeSegment(makeSegment("a"));
      await storage.storeSegment(makeSegment("b"));
      await storage.storeSegment(makeSegment("c"));
      expect(await storage.clean()).toBe(false);
      expect(await idsOf(storage)).toEqual(["a", "b", "c"]);
    });

    it("clean() keeps at most maxCount, dropping the least recently accessed first", async () => {
      const { storage } = factory(now, 2, 60_000);
      for (const id of ["a", "b", "c", "d"]) {
        await storage.storeSegment(makeSegment(id));
        time += 10;
      }
      expect(await storage.clean()).toBe(true);
      expect(await idsOf(storage)).toEqual(["c", "d"]);
    });

    it("the count limit applies to each swarm", async () => {
      const { storage } = factory(now, 2, 60_000);
      await storage.storeSegment(makeSegment("a", "swarm-1"));
      time += 10;
      await storage.storeSegment(makeSegment("b", "swarm-2"));
      time += 10;
      await storage.storeSegment(makeSegment("c", "swarm-1"));
      expect(await storage.clean()).toBe(false);
      time += 10;
      await storage.storeSegment(makeSegment("d", "swarm-1"));
      expect(await storage.clean()).toBe(true);
      expect(await idsOf(storage, "swarm-1")).toEqual(["c", "d"]);
      expect(await idsOf(storage, "swarm-2")).toEqual(["b"]);
    });

    it("getSegment refreshes the access time used by clean()", async () => {
      const { storage } = factory(now, 2, 60_000);
      await storage.storeSegment(makeSegment("a"));
      time += 10;
      await storage.storeSegment(makeSegment("b"));
      time += 10;
      await storage.storeSegment(makeSegment("c"));
      time += 10;
      expect(await storage.getSegment("a", "swarm-1")).toBeDefined();
      time += 10;
      expect(await storage.clean()).toBe(true);
      expect(await idsOf(storage)).toEqual(["a", "c"]);
    });

    it("clean() drops segments unused for longer than the expiration", async () => {
      const { storage } = factory(now, 10, 1000);
      await storage.storeSegment(makeSegment("old"));
      time += 500;
      await storage.storeSegment(makeSegment("new"));
      time += 1000; // old: 1500 ms unused, new: exactly 1000 ms
      expect(await storage.clean()).toBe(true);
      expect(await idsOf(storage)).toEqual(["new"]);
      time += 1; // new: 1001 ms
      expect(await storage.clean()).toBe(true);
      expect(await idsOf(storage)).toEqual([]);
      expect(await storage.clean()).toBe(false);
    });

    it("an access within the expiration keeps a segment alive", async () => {
      const { storage } = factory(now, 10, 1000);
      await storage.storeSegment(makeSegment("read"));
      await storage.storeSegment(makeSegment("unread"));
      time += 800;
      await storage.getSegment("read", "swarm-1");
      time += 800;
      expect(await storage.clean()).toBe(true);
      expect(await idsOf(storage)).toEqual(["read"]);
    });

    it("getSegmentsMap does not count as an access", async () => {
      const { storage } = factory(now, 10, 1000);
      await storage.storeSegment(makeSegment("a"));
      time += 800;
      await storage.getSegmentsMap("swarm-1");
      time += 800;
      expect(await storage.clean()).toBe(true);
      expect(await idsOf(storage)).toEqual([]);
    });

    it("the locked filter keeps locked ids, expired or in excess", async () => {
      const { storage } = factory(now, 1, 1000);
      await storage.storeSegment(makeSegment("locked-old"));
      time += 10;
      await storage.storeSegment(makeSegment("free-old"));
      time += 2000; // both expired
      await storage.storeSegment(makeSegment("free-new"));
      time += 10;
      await storage.storeSegment(makeSegment("locked-new"));
      const locked = (id: string) => id.startsWith("locked");
      expect(await storage.clean(locked)).toBe(true);
      // Locked segments stay even though they alone exceed maxCount (1).
      expect(await idsOf(storage)).toEqual(["locked-new", "locked-old"]);
      expect(await storage.clean(locked)).toBe(false);
      expect(await idsOf(storage)).toEqual(["locked-new", "locked-old"]);
    });

    it("clean() returns false when only locked segments are over the limit", async () => {
      const { storage } = factory(now, 1, 60_000);
      await storage.storeSegment(makeSegment("a"));
      await storage.storeSegment(makeSegment("b"));
      expect(await storage.clean(() => true)).toBe(false);
      expect(await idsOf(storage)).toEqual(["a", "b"]);
      expect(await storage.clean()).toBe(true);
      expect((await idsOf(storage)).length).toBe(1);
    });

    it("destroy() removes everything", async () => {
      const { storage, reopen } = factory(now, 10, 60_000);
      await storage.storeSegment(makeSegment("a", "swarm-1"));
      await storage.storeSegment(makeSegment("b", "swarm-2"));
      await storage.destroy();
      const after = reopen();
      expect(await idsOf(after, "swarm-1")).toEqual([]);
      expect(await idsOf(after, "swarm-2")).toEqual([]);
      expect(await after.getSegment("a", "swarm-1")).toBeUndefined();
    });
  });
}
