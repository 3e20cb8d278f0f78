import { describe, expect, it } from "vitest";
import { Segment } from "../core";
import type { ManagedSegmentsStorage } from "../core/storage/segments-storage";
import { RecentSegmentsStorage } from "./recent-segments";

const MiB = 1024 * 1024;

/** A store that counts reads and answers from a map. */
function countingStore() {
  const held = new Map<string, Segment>();
  let reads = 0;
  const store: ManagedSegmentsStorage = {
    storeSegment: (segment) => {
      held.set(`${segment.masterSwarmId ?? ""}/${segment.id}`, segment);
      return Promise.resolve();
    },
    getSegmentsMap: () => Promise.resolve(new Map()),
    getSegment: (id, swarm) => {
      reads++;
      return Promise.resolve(held.get(`${swarm}/${id}`));
    },
    clean: () => Promise.resolve(false),
    destroy: () => Promise.resolve(),
    usage: () => Promise.resolve({ segments: held.size, bytes: 0 }),
    clear: () => {
      held.clear();
      return Promise.resolve();
    },
  };
  return { store, reads: () => reads };
}

const segment = (id: string, swarm: string, bytes: number) =>
  new Segment(id, `https://a.example/${id}`, undefined, 0, {
    masterSwarmId: swarm,
    data: new ArrayBuffer(bytes),
  });

describe("recent segments in front of the store", () => {
  it("answers a just-stored segment from memory, per swarm", async () => {
    const { store, reads } = countingStore();
    const recent = new RecentSegmentsStorage(store);
    await recent.storeSegment(segment("1", "site-a", 2 * MiB));
    expect((await recent.getSegment("1", "site-a"))?.data?.byteLength).toBe(2 * MiB);
    expect(reads()).toBe(0);
    expect(await recent.getSegment("1", "site-b")).toBeUndefined();
    expect(reads()).toBe(1);
  });

  it("keeps at most 32 MiB, dropping the least recently used", async () => {
    const { store, reads } = countingStore();
    const recent = new RecentSegmentsStorage(store);
    for (let index = 0; index < 17; index++) {
      await recent.storeSegment(segment(String(index), "s", 2 * MiB));
      if (index === 10) await recent.getSegment("0", "s");
    }
    await recent.getSegment("0", "s");
    expect(reads()).toBe(0);
    await recent.getSegment("1", "s");
    expect(reads()).toBe(1);
  });
});
