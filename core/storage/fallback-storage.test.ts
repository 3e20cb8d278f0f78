import { afterEach, describe, expect, it } from "vitest";
import { Events } from "../events.js";
import type { Segment } from "../segment.js";
import { byteDiff, untilJoined } from "../testing/loader-probe.js";
import { LoaderRig, withPriorities } from "../testing/loader-rig.js";
import { FallbackSegmentsStorage } from "./fallback-storage.js";
import { MemorySegmentsStorage } from "./memory-storage.js";
import type { ManagedSegmentsStorage } from "./segments-storage.js";
import { describeSegmentsStorageContract, makeSegment } from "./segments-storage.contract.js";

/** IndexedDB that never opened: every operation rejects (as Dexie's OpenFailedError does). */
class DeadStorage implements ManagedSegmentsStorage {
  private fail = () => Promise.reject(new DOMException("IndexedDB is unavailable", "UnknownError"));
  storeSegment = this.fail;
  getSegmentsMap = this.fail;
  getSegment = this.fail;
  clean = this.fail;
  destroy = this.fail;
  usage = this.fail;
  clear = this.fail;
}

/** A working storage whose writes throw QuotaExceededError while `full`. */
class FullDisk extends MemorySegmentsStorage {
  full = true;
  override storeSegment(segment: Segment): Promise<void> {
    if (this.full) return Promise.reject(new DOMException("disk full", "QuotaExceededError"));
    return super.storeSegment(segment);
  }
}

describeSegmentsStorageContract("FallbackSegmentsStorage over a dead primary", (now, max, exp) => {
  const storage = new FallbackSegmentsStorage(
    new DeadStorage(),
    new MemorySegmentsStorage(now, max, exp),
  );
  return { storage, reopen: () => storage };
});

describe("FallbackSegmentsStorage", () => {
  it("keeps in memory what a full disk refuses, and writes to the disk again once it has room", async () => {
    const disk = new FullDisk(() => 0, 10, 60_000);
    const errors: string[] = [];
    const storage = new FallbackSegmentsStorage(
      disk,
      new MemorySegmentsStorage(() => 0, 10, 60_000),
      (operation, error) => errors.push(`${operation}: ${(error as DOMException).name}`),
    );
    await storage.storeSegment(makeSegment("a"));
    expect(errors).toEqual(["store: QuotaExceededError"]);
    expect(storage.counts).toEqual({ primaryFailures: 1, storedInFallback: 1 });
    expect((await storage.getSegment("a", "swarm-1"))?.id).toBe("a");

    disk.full = false;
    await storage.storeSegment(makeSegment("b"));
    expect(storage.counts.storedInFallback).toBe(1);
    expect((await disk.getSegment("b", "swarm-1"))?.id).toBe("b");
    // The map is both together.
    expect([...(await storage.getSegmentsMap("swarm-1")).keys()].sort()).toEqual(["a", "b"]);
  });
});

describe("a loader whose IndexedDB is unavailable", () => {
  let rig: LoaderRig;
  afterEach(async () => {
    await rig.destroy();
  });

  it("still announces what it downloaded, and a peer gets it from there", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 40_000);
    if (!segment) throw new Error("segment");
    const storage = () =>
      new FallbackSegmentsStorage(
        new DeadStorage(),
        new MemorySegmentsStorage(() => rig.clock.now(), 10, 60_000),
      );
    const holder = rig.loader({ segmentsStorage: storage() });
    holder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [holder]);
    await rig.clock.advance(2000);
    expect(rig.http.requests).toHaveLength(1);

    const viewer = rig.loader({ segmentsStorage: storage(), httpDownloadProbability: 0 });
    let from: string | undefined;
    viewer.on(Events.SegmentLoaded, (_segment, peerId) => {
      from = peerId;
    });
    viewer.load(withPriorities([segment], 3), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(2000);
    expect(from).toBe(holder.getDetails().peerId);
    expect(byteDiff((await viewer.getSegment(segment.id))?.data, rig.bytesOf(segment))).toBe(
      "equal",
    );
    expect(rig.http.requests).toHaveLength(1);
  });
});
