import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { DexieSegmentsStorage } from "./dexie-storage.js";
import { describeSegmentsStorageContract, makeSegment } from "./segments-storage.contract.js";

let counter = 0;
const uniqueName = () => `p2pv-test-${String(process.pid)}-${String(++counter)}`;

const open = (name: string, now: () => number, maxCount = 10, expiration = 60_000) =>
  new DexieSegmentsStorage(now, maxCount, expiration, { name, indexedDB, IDBKeyRange });

describeSegmentsStorageContract("DexieSegmentsStorage", (now, maxCount, expiration) => {
  const name = uniqueName();
  return {
    storage: open(name, now, maxCount, expiration),
    reopen: () => open(name, now, maxCount, expiration),
  };
});

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
