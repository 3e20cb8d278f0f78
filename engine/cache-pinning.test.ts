/**
 * A page cannot pin the engine's cache: bytes it hands in (put-segment) for segments it keeps
 * queued count against the byte limits like any others. The page is played by a real HybridLoader
 * (on virtual time) over the engine's shared store, doing what SwarmEntry.putSegment does:
 * addSegment for each segment of its queue.
 */
import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { afterEach, describe, expect, it } from "vitest";
import { Segment, type SegmentsStorage } from "../core";
import { DEFAULT_BYTE_LIMITS } from "../core/storage/cache-limits";
import { LoaderRig } from "../core/testing/loader-rig";
import { openSharedStore } from "./shared-store";
import { scopedSwarmId } from "./swarm-key";

const MiB = 1024 * 1024;
let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

/** A view whose cleans (the loader does not await them) the test can wait for. */
function tracked(view: SegmentsStorage): { view: SegmentsStorage; settled: () => Promise<void> } {
  const cleans: Promise<boolean>[] = [];
  return {
    view: {
      storeSegment: (segment) => view.storeSegment(segment),
      getSegmentsMap: (swarm) => view.getSegmentsMap(swarm),
      getSegment: (id, swarm) => view.getSegment(id, swarm),
      clean: (filter) => {
        const clean = view.clean(filter);
        cleans.push(clean);
        return clean;
      },
      destroy: () => view.destroy(),
    },
    settled: async () => {
      await Promise.all(cleans.splice(0));
    },
  };
}

const heldBytes = async (view: SegmentsStorage, swarm: string) => {
  let total = 0;
  for (const { segment } of (await view.getSegmentsMap(swarm)).values()) {
    total += segment.data?.byteLength ?? 0;
  }
  return total;
};

describe("a page pinning the cache with put-segments of its queue", () => {
  it("16 queued segments of 8 MiB: the site never holds more than the protected bytes", async () => {
    rig = new LoaderRig();
    let time = 0;
    const store = openSharedStore(
      { cachedSegmentsCount: 5, cachedSegmentExpiration: 60_000, cacheMaxBytes: 512 * 1024 * 1024 },
      { name: `p2pv-pinning-${String(process.pid)}`, indexedDB, IDBKeyRange },
      () => ++time,
    );
    const siteA = scopedSwarmId("https://a.example", "video");
    const siteB = scopedSwarmId("https://b.example", "video");
    const b = tracked(store.view(siteB));
    await b.view.storeSegment(
      new Segment("b1", "https://b.example/b1.ts", undefined, 0, {
        masterSwarmId: siteB,
        data: new ArrayBuffer(1000),
      }),
    );

    const a = tracked(store.view(siteA));
    const page = rig.loader({
      cachedSegmentsCount: 5,
      segmentsStorage: a.view,
      httpDownloadProbability: 0,
    });
    const queue = Array.from(
      { length: 16 },
      (_, index) =>
        new Segment(
          `p${String(index)}`,
          `https://a.example/p${String(index)}.ts`,
          undefined,
          index,
        ),
    );
    // The page keeps every segment queued: the loader locks them all.
    page.load(queue, siteA);
    let peak = 0;
    for (const queued of queue) {
      const handed = new Segment(queued.id, queued.url, undefined, 0, {
        data: new ArrayBuffer(8 * MiB),
      });
      expect(await page.addSegment(handed)).toBe(true);
      await a.settled();
      peak = Math.max(peak, await heldBytes(a.view, siteA));
    }
    // Before: all 16 stayed (128 MiB). Now at most the protected bytes (8 of them; count 5).
    expect(peak).toBeLessThanOrEqual(DEFAULT_BYTE_LIMITS.lockedScopeBytes);
    expect(peak).toBeLessThanOrEqual(DEFAULT_BYTE_LIMITS.scopeBytes);
    expect([...(await a.view.getSegmentsMap(siteA)).keys()].sort()).toEqual(
      ["p10", "p11", "p12", "p13", "p14", "p15", "p8", "p9"].sort(),
    );
    // Another site's cache is untouched.
    expect(await heldBytes(b.view, siteB)).toBe(1000);
  });
});
