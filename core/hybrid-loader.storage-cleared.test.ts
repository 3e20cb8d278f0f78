import { afterEach, describe, expect, it } from "vitest";
import { Segment } from "./segment.js";
import { MemorySegmentsStorage } from "./storage/memory-storage.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

/** The viewer's "clear cache" empties the shared store under running loaders (engine/clear-cache). */
describe("storage emptied from outside the loader", () => {
  it("is read again: queued segments are fetched again and handed-in bytes are stored", async () => {
    rig = new LoaderRig();
    const [first, second] = rig.segments(2, 10_000);
    if (!first || !second) throw new Error("segments");
    const storage = new MemorySegmentsStorage(() => rig.clock.now(), 30, 60_000);
    const loader = rig.loader({ segmentsStorage: storage, useP2P: false });
    loader.load(withPriorities([first, second]), "swarm");
    await rig.clock.advance(2000);
    expect((await storage.usage()).segments).toBe(2);
    const fetched = rig.http.requests.length;

    await storage.clear();
    await loader.storageChanged();
    await rig.clock.advance(2000);
    // Both were still queued: the loader fetches them again instead of believing it holds them.
    expect(rig.http.requests.length).toBe(fetched + 2);
    expect((await storage.usage()).segments).toBe(2);

    await storage.clear();
    await loader.storageChanged();
    loader.load([], "swarm");
    const handed = new Segment(first.id, first.url, undefined, 0, {
      data: rig.bytesOf(first).slice().buffer,
    });
    expect(await loader.addSegment(handed)).toBe(true);
    expect(await loader.getSegment(first.id)).toBeDefined();
  });
});
