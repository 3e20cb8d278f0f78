import { afterEach, describe, expect, it } from "vitest";
import { LoaderError } from "./errors.js";
import { MemorySegmentsStorage } from "./storage/memory-storage.js";
import type { SegmentsStorage } from "./storage/segments-storage.js";
import { byteDiff, EventLog, HttpProbe, untilJoined, WireTap } from "./testing/loader-probe.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

describe("load() with a new queue", () => {
  it("aborts what left the queue, keeps what stayed, never downloads a segment twice", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    // 100 kB at 10 bytes/ms: ten seconds each.
    const [s0, s1, s2, s3] = rig.segments(4, 100_000, { bytesPerMs: 10 });
    if (!s0 || !s1 || !s2 || !s3) throw new Error("segments");
    const loader = rig.loader();
    const log = new EventLog(loader, rig);
    const first = withPriorities([s0, s1, s2, s3]);
    loader.load(first, "swarm");
    await untilJoined(rig, [loader]);
    await rig.clock.advance(3000);
    expect(probe.requests.map((request) => request.url).sort()).toEqual([s0.url, s1.url]);
    const s0Bytes = probe.bytesFor(s0.url);
    const s1Bytes = probe.bytesFor(s1.url);
    expect(s0Bytes).toBeGreaterThan(0);
    expect(s0Bytes).toBeLessThan(100_000);
    expect(log.aborts).toEqual([]);

    // s0 leaves the queue; s1 stays (now most urgent); s2 becomes needed.
    loader.load(withPriorities([s1, s2]), "swarm");
    expect(log.aborts.map((abort) => abort.segment)).toEqual([first[0]]);
    expect(log.aborts[0]?.segment).toBe(first[0]);

    // The same queue again, as new objects and as the same ones: nothing restarts.
    const again = withPriorities([s1, s2]);
    loader.load(again, "swarm");
    loader.load(again, "swarm");
    await rig.clock.advance(1000);
    loader.load(withPriorities([s1, s2]), "swarm");
    expect(log.aborts).toHaveLength(1);

    await rig.clock.advance(30_000);
    expect(log.aborts).toHaveLength(1);
    // An abort is not a failure.
    expect(log.errors).toEqual([]);
    expect(probe.requestsFor(s0.url)).toHaveLength(1);
    expect(probe.requestsFor(s1.url)).toHaveLength(1);
    expect(probe.requestsFor(s2.url)).toHaveLength(1);
    expect(probe.requestsFor(s3.url)).toHaveLength(0);
    // The aborted download stopped where it was (at most the chunk already in flight).
    expect(probe.bytesFor(s0.url)).toBeLessThanOrEqual(s0Bytes + 16 * 1024);
    expect(probe.bytesFor(s1.url)).toBe(100_000);
    expect(s1Bytes).toBeGreaterThan(0);
    expect(log.loadedIds()).toEqual(["seg1", "seg2"]);
    expect(byteDiff(log.loadedOf("seg1")?.data, rig.bytesOf(s1))).toBe("equal");
    expect(byteDiff(log.loadedOf("seg2")?.data, rig.bytesOf(s2))).toBe("equal");
    // Every byte the loader counted is a byte of s1, s2 or the aborted part of s0.
    expect(loader.getDetails().httpDownloadedBytes).toBe(
      probe.bytesFor(s0.url) + probe.bytesFor(s1.url) + probe.bytesFor(s2.url),
    );
    expect(loader.getDetails().httpDownloadedBytes).toBe(rig.http.servedBytes);
  });
});

describe("load() dropping a P2P download", () => {
  it("aborts it, tells the peer to stop, and keeps the other download going", async () => {
    rig = new LoaderRig();
    const tap = new WireTap(rig);
    const [s0, s1] = rig.segments(2, 500_000, { bytesPerMs: 100 });
    if (!s0 || !s1) throw new Error("segments");
    const relay = rig.loader({ requiredSegmentsPriority: 2 });
    relay.load(withPriorities([s0, s1]), "swarm");
    await untilJoined(rig, [relay]);
    const viewer = rig.loader({ httpDownloadProbability: 0, requiredSegmentsPriority: 0 });
    const log = new EventLog(viewer, rig);
    viewer.load(withPriorities([s0], 1), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(1500);
    const before = viewer.getDetails().p2pDownloadedBytes;
    expect(before).toBeGreaterThan(0);

    const queue = withPriorities([s1], 1);
    viewer.load(queue, "swarm");
    expect(log.aborts.map((abort) => abort.segment.id)).toEqual(["seg0"]);
    const uploadedAtAbort = relay.getDetails().p2pUploadedBytes;
    await rig.clock.advance(8000);
    const asked = tap
      .receivedBy(relay.getDetails().peerId, viewer.getDetails().peerId)
      .flatMap((message) =>
        message.type === "request"
          ? [`request ${message.id} #${String(message.requestId)}`]
          : message.type === "cancel"
            ? [`cancel #${String(message.requestId)}`]
            : [],
      );
    expect(asked).toEqual(["request seg0 #1", "cancel #1", "request seg1 #2"]);
    expect(log.aborts).toHaveLength(1);
    expect(log.errors).toEqual([]);
    expect(log.loadedIds()).toEqual(["seg1"]);
    expect(byteDiff(log.loadedOf("seg1")?.data, rig.bytesOf(s1))).toBe("equal");
    // After the cancel (and what was already on the wire) the relay sent s1 only.
    expect(relay.getDetails().p2pUploadedBytes - uploadedAtAbort).toBeLessThanOrEqual(
      500_000 + 64 * 1024,
    );
    expect(viewer.getDetails().p2pDownloadedBytes).toBe(before + 500_000);
  });
});

/** A storage that takes `ms` of the clock to store a segment (as IndexedDB may take real time). */
function slowStorage(rig: LoaderRig, ms: number): SegmentsStorage {
  const memory = new MemorySegmentsStorage(() => rig.clock.now(), 30, 300_000);
  return {
    storeSegment: (stored) =>
      new Promise((resolve) => {
        rig.clock.setTimeout(() => {
          resolve(memory.storeSegment(stored));
        }, ms);
      }),
    getSegmentsMap: (swarmId) => memory.getSegmentsMap(swarmId),
    getSegment: (id, swarmId) => memory.getSegment(id, swarmId),
    clean: (filter) => memory.clean(filter),
    destroy: () => memory.destroy(),
  };
}

describe("a segment being stored", () => {
  it("is not downloaded again while a slow storage is still storing it", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [segment] = rig.segments(1, 50_000);
    if (!segment) throw new Error("segment");
    const segmentsStorage = slowStorage(rig, 500);
    const loader = rig.loader({ segmentsStorage, httpDownloadProbabilityInterval: 100 });
    const log = new EventLog(loader, rig);
    loader.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [loader]);
    await rig.clock.advance(100);
    expect(probe.bytesFor(segment.url)).toBe(50_000);
    expect(log.loaded).toEqual([]);
    // The player asks again while the bytes are being stored; the scheduler ticks meanwhile.
    loader.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(1000);
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
    expect(log.loadedIds()).toEqual(["seg0"]);
    expect(log.aborts).toEqual([]);
    expect(loader.getDetails().httpDownloadedBytes).toBe(50_000);
  });
});

describe("a random HTTP download being stored", () => {
  it("neither takes an HTTP slot nor is sacrificed for the segment needed next", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [s0, s1] = rig.segments(2, 50_000);
    if (!s0 || !s1) throw new Error("segments");
    const loader = rig.loader({
      segmentsStorage: slowStorage(rig, 2000),
      simultaneousHttpDownloads: 1,
    });
    const log = new EventLog(loader, rig);
    // Alone, the loader prefetches s1 (not needed yet) at the first check, after 1000 ms.
    loader.load(withPriorities([s1], 3), "swarm");
    await untilJoined(rig, [loader]);
    await rig.clock.advance(1100);
    expect(probe.requestsFor(s1.url)).toHaveLength(1);
    expect(probe.bytesFor(s1.url)).toBe(50_000);
    expect(log.loaded).toEqual([]);

    // s0 is needed now, while s1 is still being stored.
    const start = rig.clock.now();
    loader.load([...withPriorities([s0]), ...withPriorities([s1], 3)], "swarm");
    await rig.clock.advance(10);
    expect(probe.requestsFor(s0.url).map((request) => request.at - start)).toEqual([0]);
    await rig.clock.advance(5000);
    expect(log.aborts).toEqual([]);
    expect(probe.requestsFor(s1.url)).toHaveLength(1);
    expect(log.loadedIds()).toEqual(["seg0", "seg1"]);
    expect(byteDiff(log.loadedOf("seg1")?.data, rig.bytesOf(s1))).toBe("equal");
  });
});

describe("destroy()", () => {
  it("aborts HTTP, closes peers, then getSegment is undefined and load() throws", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [fast, slow] = rig.segments(2, 200_000, { bytesPerMs: 20 });
    if (!fast || !slow) throw new Error("segments");
    rig.http.resources.set(fast.url, { bytes: rig.bytesOf(fast) });
    const a = rig.loader();
    const aLog = new EventLog(a, rig);
    const b = rig.loader({ httpDownloadProbability: 0 });
    const bLog = new EventLog(b, rig);
    a.load(withPriorities([fast]), "swarm");
    await untilJoined(rig, [a]);
    b.load([], "swarm");
    await untilJoined(rig, [b]);
    await rig.clock.advance(100);
    expect(aLog.loadedIds()).toEqual(["seg0"]);
    expect(await a.getSegment("seg0")).toBeDefined();
    expect(bLog.connects).toEqual([a.getDetails().peerId]);

    a.load(withPriorities([slow]), "swarm");
    await rig.clock.advance(2000);
    const before = probe.bytesFor(slow.url);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(200_000);

    await a.destroy();
    await rig.clock.advance(10_000);
    expect(probe.bytesFor(slow.url)).toBeLessThanOrEqual(before + 16 * 1024);
    expect(probe.requestsFor(slow.url)).toHaveLength(1);
    expect(bLog.closes).toEqual([a.getDetails().peerId]);
    expect(b.getDetails().connectedPeers).toBe(0);
    expect(aLog.loaded.map((record) => record.id)).toEqual(["seg0"]);
    expect(await a.getSegment("seg0")).toBeUndefined();

    let thrown: unknown;
    try {
      a.load(withPriorities([fast]), "swarm");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LoaderError);
    expect((thrown as LoaderError).code).toBe("destroyed");
    await rig.clock.advance(5000);
    expect(probe.requestsFor(fast.url)).toHaveLength(1);
  });
});
