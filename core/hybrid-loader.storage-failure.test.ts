import { afterEach, describe, expect, it } from "vitest";
import { Events } from "./events.js";
import type { SegmentsStorage } from "./storage/segments-storage.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

/** A storage whose every operation rejects (IndexedDB unavailable, or full on every write). */
const deadStorage = (): SegmentsStorage => {
  const fail = () => Promise.reject(new DOMException("disk full", "QuotaExceededError"));
  return {
    storeSegment: fail,
    getSegmentsMap: fail,
    getSegment: fail,
    clean: fail,
    destroy: () => Promise.resolve(),
  };
};

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

describe("a storage that refuses every segment", () => {
  it("delivers the segment, and fetches it again only after httpFailedSegmentTimeout", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 40_000);
    if (!segment) throw new Error("segment");
    const loader = rig.loader({ segmentsStorage: deadStorage(), httpFailedSegmentTimeout: 10_000 });
    let loaded = 0;
    loader.on(Events.SegmentLoaded, () => loaded++);
    loader.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(9000);
    // Before: every download ended unstored and the next started at once (2001 in 2 s).
    expect(loaded).toBe(1);
    expect(rig.http.requests).toHaveLength(1);
    await rig.clock.advance(3000);
    expect(rig.http.requests).toHaveLength(2);
  });
});
