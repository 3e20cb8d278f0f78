import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { DexieSegmentsStorage } from "./dexie-storage.js";
import type { StorageLimitOptions } from "./memory-storage.js";
import { describeByteLimitsContract } from "./byte-limits.contract.js";
import { describeSegmentsStorageContract, makeSegment } from "./segments-storage.contract.js";

let counter = 0;
const uniqueName = () => `p2pv-test-${String(process.pid)}-${String(++counter)}`;

const open = (
  name: string,
  now: () => number,
  maxCount = 10,
  expiration = 60_000,
  options: StorageLimitOptions = {},
) =>
  new DexieSegmentsStorage(now, maxCount, expiration, { ...options, name, indexedDB, IDBKeyRange });

describeSegmentsStorageContract("DexieSegmentsStorage", (now, maxCount, expiration) => {
  const name = uniqueName();
  return {
    storage: open(name, now, maxCount, expiration),
    reopen: () => open(name, now, maxCount, expiration),
  };
});

describeByteLimitsContract("DexieSegmentsStorage", (now, maxCount, expiration, options) => ({
  storage: open(uniqueName(), now, maxCount, expiration, options),
  reopen: () => {
    throw new Error("not used");
  },
}));

describe("DexieSegmentsStorage persistence", () => {
  it("a second instance with the same name sees segments stored by the first", async () => {
    const name = uniqueName();
    const first = open(name, () => 1000);
    const segment = makeSegment("persisted", "swarm-9", 4);
    await first.storeSegment(segment);

    const second = open(name, () => 2000);
    const map = await second.getSegmentsMap("swarm-9");
    expect([...map.keys()]).toEqual(["persisted"]);
    const loaded = await second.getSegment("persisted", "swarm-9");
    expect(loaded?.url).toBe(segment.url);
    expect(loaded?.sequence).toBe(segment.sequence);
    expect(new Uint8Array(loaded?.data ?? new ArrayBuffer(0))).toEqual(
      new Uint8Array(segment.data ?? new ArrayBuffer(1)),
    );
  });

  it("access times persist too: a reopened storage expires by the stored times", async () => {
    const name = uniqueName();
    let time = 0;
    const now = () => time;
    const first = open(name, now, 10, 1000);
    await first.storeSegment(makeSegment("a"));
    time = 900;
    await first.storeSegment(makeSegment("b"));
    time = 1500;
    const second = open(name, now, 10, 1000);
    expect(await second.clean()).toBe(true);
    expect([...(await second.getSegmentsMap("swarm-1")).keys()]).toEqual(["b"]);
  });

  it("databases with different names are independent", async () => {
    const a = open(uniqueName(), () => 0);
    const b = open(uniqueName(), () => 0);
    await a.storeSegment(makeSegment("only-in-a"));
    expect((await b.getSegmentsMap("swarm-1")).size).toBe(0);
  });

  it("a segment without data is not stored", async () => {
    const storage = open(uniqueName(), () => 0);
    const segment = makeSegment("empty");
    segment.data = undefined;
    await storage.storeSegment(segment);
    expect(await storage.getSegment("empty", "swarm-1")).toBeUndefined();
  });
});

describe("DexieSegmentsStorage scopes (bytes per scope, maxCount per swarm)", () => {
  const openScoped = (now: () => number, maxCount: number) =>
    new DexieSegmentsStorage(now, maxCount, 60_000, {
      name: uniqueName(),
      indexedDB,
      IDBKeyRange,
      // "siteA/video" -> "siteA"
      scopeOf: (masterSwarmId) => masterSwarmId.split("/")[0] ?? "",
    });

  it("one scope's new segments never push out another scope's", async () => {
    let time = 0;
    const storage = openScoped(() => time, 3);
    for (const id of ["b1", "b2"]) {
      time += 1;
      await storage.storeSegment(makeSegment(id, "siteB/video"));
    }
    for (let index = 0; index < 8; index++) {
      time += 1;
      await storage.storeSegment(makeSegment(`a${String(index)}`, "siteA/video"));
      await storage.clean();
    }
    expect([...(await storage.getSegmentsMap("siteB/video")).keys()].sort()).toEqual(["b1", "b2"]);
    expect([...(await storage.getSegmentsMap("siteA/video")).keys()].sort()).toEqual([
      "a5",
      "a6",
      "a7",
    ]);
  });

  it("the count limit applies to each swarm of a scope, and the filter is asked per swarm", async () => {
    let time = 0;
    const storage = openScoped(() => time, 2);
    for (const [id, swarm] of [
      ["1", "siteA/audio"],
      ["1", "siteA/video"],
      ["2", "siteA/video"],
      ["3", "siteA/video"],
    ] as const) {
      time += 1;
      await storage.storeSegment(makeSegment(id, swarm));
    }
    const asked: string[] = [];
    // Locks segment "1" of the audio swarm only; the video swarm's "1" is the same id.
    const removed = await storage.clean((id, swarm) => {
      asked.push(`${swarm}:${id}`);
      return swarm === "siteA/audio" && id === "1";
    });
    expect(removed).toBe(true);
    expect(asked).toContain("siteA/video:1");
    expect([...(await storage.getSegmentsMap("siteA/audio")).keys()]).toEqual(["1"]);
    // A video with separate audio keeps maxCount of each: only the video swarm's oldest went.
    expect([...(await storage.getSegmentsMap("siteA/video")).keys()].sort()).toEqual(["2", "3"]);
  });
});
