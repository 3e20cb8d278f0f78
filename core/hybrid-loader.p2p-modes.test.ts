import { afterEach, describe, expect, it } from "vitest";
import { byteDiff, EventLog, HttpProbe, seedOne, untilJoined } from "./testing/loader-probe.js";
import { UploadBudget } from "./p2p/upload-budget.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

describe("useP2P: false", () => {
  it("never contacts the tracker, loads everything over HTTP and still prefetches", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const segments = rig.segments(5, 50_000);
    const holder = rig.loader({ requiredSegmentsPriority: 10 });
    const holderLog = new EventLog(holder, rig);
    holder.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [holder]);
    await rig.clock.advance(100);
    expect(holderLog.loadedIds()).toHaveLength(5);

    const loner = rig.loader({ useP2P: false });
    const log = new EventLog(loner, rig);
    loner.load(withPriorities(segments), "swarm");
    await rig.clock.advance(10_000);

    const { peerId } = loner.getDetails();
    expect(rig.network.joined).toContain(holder.getDetails().peerId);
    expect(rig.network.joined).not.toContain(peerId);
    expect(log.connects).toEqual([]);
    expect(holderLog.connects).toEqual([]);
    expect(loner.getDetails().connectedPeers).toBe(0);
    expect(log.loadedIds()).toEqual(["seg0", "seg1", "seg2", "seg3", "seg4"]);
    for (const segment of segments) {
      const record = log.loadedOf(segment.id);
      expect(record?.peerId).toBeUndefined();
      expect(byteDiff(record?.data, rig.bytesOf(segment))).toBe("equal");
      // One request by the holder, one by the loner: priorities 2-4 came from the random prefetch.
      expect(probe.requestsFor(segment.url)).toHaveLength(2);
    }
    expect(loner.getDetails().p2pDownloadedBytes).toBe(0);
    expect(loner.getDetails().httpDownloadedBytes).toBe(5 * 50_000);
    expect(log.downloaded.every((piece) => piece.method === "http")).toBe(true);
    expect(holder.getDetails().p2pUploadedBytes).toBe(0);
  });
});

describe("consumeOnly", () => {
  it("uploads nothing, so a peer wanting its segments fetches them over HTTP", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const segments = rig.segments(3, 50_000);
    const consumer = rig.loader({ consumeOnly: true, requiredSegmentsPriority: 10 });
    const consumerLog = new EventLog(consumer, rig);
    consumer.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [consumer]);
    await rig.clock.advance(100);
    expect(consumerLog.loadedIds()).toEqual(["seg0", "seg1", "seg2"]);

    const viewer = rig.loader({ httpDownloadProbability: 0, requiredSegmentsPriority: 10 });
    const viewerLog = new EventLog(viewer, rig);
    viewer.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(5000);

    // They are connected: the consumer simply has nothing to offer.
    expect(viewerLog.connects).toEqual([consumer.getDetails().peerId]);
    expect(consumerLog.connects).toEqual([viewer.getDetails().peerId]);
    expect(viewerLog.loadedIds()).toEqual(["seg0", "seg1", "seg2"]);
    for (const segment of segments) {
      expect(viewerLog.loadedOf(segment.id)?.peerId).toBeUndefined();
      expect(byteDiff(viewerLog.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
      expect(probe.requestsFor(segment.url)).toHaveLength(2);
    }
    expect(consumer.getDetails().p2pUploadedBytes).toBe(0);
    expect(consumerLog.uploaded).toEqual([]);
    expect(viewer.getDetails().p2pDownloadedBytes).toBe(0);
  });

  it("still downloads from a normal peer", async () => {
    rig = new LoaderRig();
    const segments = rig.segments(3, 50_000);
    const seeder = rig.loader({ requiredSegmentsPriority: 10 });
    const seederLog = new EventLog(seeder, rig);
    seeder.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [seeder]);
    await rig.clock.advance(100);
    expect(rig.http.requests).toHaveLength(3);

    const consumer = rig.loader({
      consumeOnly: true,
      httpDownloadProbability: 0,
      requiredSegmentsPriority: 0,
    });
    const log = new EventLog(consumer, rig);
    consumer.load(withPriorities(segments, 1), "swarm");
    await untilJoined(rig, [consumer]);
    await rig.clock.advance(3000);

    const seederId = seeder.getDetails().peerId;
    expect(log.loadedIds()).toEqual(["seg0", "seg1", "seg2"]);
    for (const segment of segments) {
      expect(log.loadedOf(segment.id)?.peerId).toBe(seederId);
      expect(byteDiff(log.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
    }
    expect(rig.http.requests).toHaveLength(3);
    expect(consumer.getDetails().p2pDownloadedBytes).toBe(150_000);
    expect(consumer.getDetails().p2pUploadedBytes).toBe(0);
    expect(seeder.getDetails().p2pUploadedBytes).toBe(150_000);
    expect(seederLog.uploaded.reduce((sum, piece) => sum + piece.bytes, 0)).toBe(150_000);
  });
});

describe("uploads paused (a metered connection)", () => {
  it("withdraws what it holds, so peers fetch ahead over HTTP, and tells them again on resume", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const segments = rig.segments(6, 50_000);
    const uploads = new UploadBudget(32, 0, rig.clock);
    const seeder = rig.loader({ requiredSegmentsPriority: 10 }, { uploads });
    seeder.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [seeder]);
    await rig.clock.advance(100);
    expect(probe.requests).toHaveLength(6);
    uploads.setPaused(true);

    // A viewer that fetches ahead over HTTP only what no peer holds (the next one it needs
    // whatever: requiredSegmentsPriority 0).
    const viewer = rig.loader({ httpDownloadProbability: 1, requiredSegmentsPriority: 0 });
    const log = new EventLog(viewer, rig);
    viewer.load(withPriorities(segments.slice(0, 3)), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(10_000);
    // Connected, but the paused seeder announced nothing: no wait, straight to the origin.
    expect(log.connects).toEqual([seeder.getDetails().peerId]);
    expect(log.loadedIds()).toEqual(["seg0", "seg1", "seg2"]);
    for (const segment of segments.slice(0, 3)) {
      expect(log.loadedOf(segment.id)?.peerId).toBeUndefined();
    }
    expect(seeder.getDetails().p2pUploadedBytes).toBe(0);

    uploads.setPaused(false);
    await rig.clock.advance(100);
    viewer.load(withPriorities(segments.slice(3)), "swarm");
    await rig.clock.advance(1000);
    expect(log.loadedIds()).toEqual(["seg0", "seg1", "seg2", "seg3", "seg4", "seg5"]);
    for (const segment of segments.slice(3)) {
      expect(log.loadedOf(segment.id)?.peerId).toBe(seeder.getDetails().peerId);
      expect(byteDiff(log.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
      expect(probe.requestsFor(segment.url)).toHaveLength(1);
    }
  });
});

describe("httpDownloadInitialTimeout", () => {
  it("takes needed segments from a peer holding them, with no HTTP in the window", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const segments = rig.segments(3, 50_000);
    const seeder = rig.loader({ requiredSegmentsPriority: 10 });
    seeder.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [seeder]);
    await rig.clock.advance(100);
    expect(probe.requests).toHaveLength(3);

    const viewer = rig.loader({
      httpDownloadInitialTimeout: 5000,
      requiredSegmentsPriority: 10,
    });
    const log = new EventLog(viewer, rig);
    viewer.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(4900);
    expect(probe.requests).toHaveLength(3);
    expect(log.loadedIds()).toEqual(["seg0", "seg1", "seg2"]);
    for (const segment of segments) {
      expect(log.loadedOf(segment.id)?.peerId).toBe(seeder.getDetails().peerId);
      expect(byteDiff(log.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
    }
    expect(viewer.getDetails().httpDownloadedBytes).toBe(0);
  });

  it("starts HTTP at once when the tracker says the loader is alone", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const segments = rig.segments(2, 50_000);
    const loner = rig.loader({ httpDownloadInitialTimeout: 5000 });
    const log = new EventLog(loner, rig);
    loner.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [loner]);
    await rig.clock.advance(100);
    expect(probe.requests.map((request) => request.url).sort()).toEqual(
      segments.map((segment) => segment.url),
    );
    // The tracker answers after one network latency (5 ms): HTTP starts then, not at 5000 ms.
    expect(Math.max(...probe.requests.map((request) => request.at))).toBeLessThan(50);
    expect(log.loadedIds()).toEqual(["seg0", "seg1"]);
  });

  it("makes no random HTTP download inside the window either", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const segments = rig.segments(4, 50_000);
    const bystander = rig.loader();
    bystander.load([], "swarm");
    await untilJoined(rig, [bystander]);
    // Rolls that always win, on segments no peer has: only the initial window holds HTTP back.
    const viewer = rig.loader({ httpDownloadInitialTimeout: 5000, httpDownloadProbability: 1 });
    const log = new EventLog(viewer, rig);
    const start = rig.clock.now();
    viewer.load(withPriorities(segments, 2), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(4900);
    expect(log.connects).toEqual([bystander.getDetails().peerId]);
    expect(probe.requests).toEqual([]);
    await rig.clock.advance(5000);
    expect(probe.requests.length).toBeGreaterThan(0);
    expect(Math.min(...probe.requests.map((request) => request.at)) - start).toBeGreaterThanOrEqual(
      5000,
    );
  });

  it("ends the window early when a peer takes longer than the per-segment allowance", async () => {
    // One second each way: an answer takes 2000 ms, more than the 1500 ms allowed per segment.
    rig = new LoaderRig({ latency: 1000 });
    const probe = new HttpProbe(rig);
    const { segment, seeder } = await seedOne(rig, 50_000);
    const viewer = rig.loader({
      httpDownloadInitialTimeout: 30_000,
      httpDownloadInitialTimeoutPerSegment: 1500,
      p2pRequiredSegmentTimeout: 10_000,
    });
    const log = new EventLog(viewer, rig);
    viewer.load([], "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(5000);
    expect(log.connects).toEqual([seeder.getDetails().peerId]);
    const start = rig.clock.now();
    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(5000);
    const viaHttp = probe.requestsFor(segment.url);
    expect(viaHttp).toHaveLength(2);
    expect((viaHttp[1]?.at ?? NaN) - start).toBe(1500);
    expect(log.loadedOf(segment.id)?.peerId).toBeUndefined();
    expect(byteDiff(log.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
  });

  it("falls back to HTTP once the timeout has passed when no peer can serve", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const segments = rig.segments(2, 50_000);
    const bystander = rig.loader();
    bystander.load([], "swarm");
    await untilJoined(rig, [bystander]);
    const viewer = rig.loader({ httpDownloadInitialTimeout: 3000 });
    const log = new EventLog(viewer, rig);
    const start = rig.clock.now();
    viewer.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(2900);
    expect(log.connects).toEqual([bystander.getDetails().peerId]);
    expect(probe.requests).toEqual([]);

    await rig.clock.advance(2000);
    expect(probe.requests.map((request) => request.url).sort()).toEqual(
      segments.map((segment) => segment.url),
    );
    const firstAt = Math.min(...probe.requests.map((request) => request.at)) - start;
    expect(firstAt).toBeGreaterThanOrEqual(3000);
    // Within one scheduler tick (httpDownloadProbabilityInterval, 1000 ms) of the timeout.
    expect(firstAt).toBeLessThanOrEqual(4000);
    await rig.clock.advance(100);
    expect(log.loadedIds()).toEqual(["seg0", "seg1"]);
  });
});

describe("p2pJoinGracePeriod", () => {
  it("a joining viewer takes needed-soon segments from peers that are still connecting", async () => {
    // Connections take 2 x 200 ms to open: without the grace, seg1 (priority 1) would go HTTP.
    rig = new LoaderRig({ latency: 200 });
    const probe = new HttpProbe(rig);
    const segments = rig.segments(2, 50_000);
    const seeder = rig.loader({ requiredSegmentsPriority: 10 });
    seeder.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [seeder]);
    await rig.clock.advance(1000);
    expect(probe.requests).toHaveLength(2);

    const viewer = rig.loader();
    const log = new EventLog(viewer, rig);
    viewer.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(1400);
    // seg0 (needed next) did not wait; seg1 came from the seeder once connected.
    expect(probe.requestsFor(segments[0]?.url ?? "")).toHaveLength(2);
    expect(probe.requestsFor(segments[1]?.url ?? "")).toHaveLength(1);
    expect(log.loadedOf("seg1")?.peerId).toBe(seeder.getDetails().peerId);
  });

  it("ends when the grace runs out: a needed-soon segment goes HTTP if no peer connected", async () => {
    // A slow network: the tracker answers after 2 s and connections take 4 s, past the grace.
    rig = new LoaderRig({ latency: 2000 });
    const probe = new HttpProbe(rig);
    const segments = rig.segments(2, 50_000);
    const viewer = rig.loader({ p2pJoinGracePeriod: 800 });
    const log = new EventLog(viewer, rig);
    const start = rig.clock.now();
    viewer.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(700);
    expect(probe.requests.map((request) => request.url)).toEqual([segments[0]?.url]);
    await rig.clock.advance(300);
    const seg1 = probe.requestsFor(segments[1]?.url ?? "");
    expect(seg1).toHaveLength(1);
    expect((seg1[0]?.at ?? 0) - start).toBeGreaterThanOrEqual(800);
    await rig.clock.advance(1000);
    expect(log.loadedIds().sort()).toEqual(["seg0", "seg1"]);
  });
});

describe("p2pMaxPeers", () => {
  it("never holds more peers than the cap, and every viewer still gets the segments from peers", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const segments = rig.segments(3, 50_000);
    const seeder = rig.loader({ requiredSegmentsPriority: 10, p2pMaxPeers: 2 });
    seeder.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [seeder]);
    await rig.clock.advance(1000);
    const viewers = Array.from({ length: 5 }, () =>
      rig.loader({ httpDownloadProbability: 0, p2pMaxPeers: 2 }),
    );
    const all = [seeder, ...viewers];
    let most = 0;
    const watch = async (ms: number) => {
      for (let t = 0; t < ms; t += 250) {
        await rig.clock.advance(250);
        for (const loader of all) most = Math.max(most, loader.getDetails().connectedPeers);
      }
    };
    for (const viewer of viewers) {
      viewer.load(withPriorities(segments, 3), "swarm");
      await untilJoined(rig, [viewer]);
      await watch(2000);
    }
    await watch(20_000);
    expect(most).toBe(2);
    // The seeder fetched each segment once; every viewer took all of them from peers (a late one
    // replacing, in a full peer, a connection that had nothing left to give).
    for (const segment of segments) expect(probe.requestsFor(segment.url)).toHaveLength(1);
    for (const viewer of viewers) expect(viewer.getDetails().p2pDownloadedBytes).toBe(3 * 50_000);
  });
});
