import { afterEach, describe, expect, it } from "vitest";
import type { HybridLoader } from "./hybrid-loader.js";
import { Segment } from "./segment.js";
import { byteDiff, EventLog, HttpProbe, untilJoined } from "./testing/loader-probe.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

const firstP2PAt = (log: EventLog) => log.downloaded.find((piece) => piece.method === "p2p")?.at;

describe("relay while arriving", () => {
  it("passes a segment on before it has finished arriving over HTTP", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    // 500 kB at 100 bytes/ms: five seconds over HTTP.
    const [segment] = rig.segments(1, 500_000, { bytesPerMs: 100 });
    if (!segment) throw new Error("segment");
    const a = rig.loader();
    const aLog = new EventLog(a, rig);
    a.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [a]);
    const b = rig.loader({ httpDownloadProbability: 0 });
    const bLog = new EventLog(b, rig);
    b.load(withPriorities([segment], 3), "swarm");
    await untilJoined(rig, [b]);
    await rig.clock.advance(8000);

    const aLoaded = aLog.loadedOf(segment.id);
    const bLoaded = bLog.loadedOf(segment.id);
    expect(aLoaded?.peerId).toBeUndefined();
    expect(bLoaded?.peerId).toBe(a.getDetails().peerId);
    const bFirst = firstP2PAt(bLog);
    expect(bFirst).toBeDefined();
    expect(bFirst).toBeLessThan(aLoaded?.at ?? 0);
    // Most of the segment went to b while a was still receiving it.
    const early = bLog.downloaded
      .filter((piece) => piece.at < (aLoaded?.at ?? 0))
      .reduce((sum, piece) => sum + piece.bytes, 0);
    expect(early).toBeGreaterThan(250_000);
    expect(byteDiff(bLoaded?.data, rig.bytesOf(segment))).toBe("equal");
    expect(byteDiff(aLoaded?.data, rig.bytesOf(segment))).toBe("equal");
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
    expect(rig.http.servedBytes).toBe(500_000);
    expect(b.getDetails().httpDownloadedBytes).toBe(0);
    expect(b.getDetails().p2pDownloadedBytes).toBe(500_000);
    expect(a.getDetails().p2pUploadedBytes).toBe(500_000);
  });

  it("relays over three hops (origin -> a -> b -> c) while the segment is arriving", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [segment] = rig.segments(1, 500_000, { bytesPerMs: 100 });
    if (!segment) throw new Error("segment");
    // One peer per announce: each newcomer connects to the first member only, so joining in the
    // order b, a, c gives the chain a - b - c.
    const chain = { peerRequestsPerAnnounce: 1, httpDownloadProbability: 0 };
    const b = rig.loader({ ...chain, httpDownloadProbabilitySkipIfNoPeers: true });
    const bLog = new EventLog(b, rig);
    b.load(withPriorities([segment], 3), "swarm");
    await untilJoined(rig, [b]);
    const a = rig.loader(chain);
    const aLog = new EventLog(a, rig);
    a.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [a]);
    const c = rig.loader(chain);
    const cLog = new EventLog(c, rig);
    c.load(withPriorities([segment], 3), "swarm");
    await untilJoined(rig, [c]);
    await rig.clock.advance(8000);

    const ids = (loader: HybridLoader) => loader.getDetails().peerId;
    // The chain as it started (a and c may meet later, when they re-announce for more peers).
    expect(aLog.connects[0]).toBe(ids(b));
    expect(cLog.connects[0]).toBe(ids(b));
    expect(bLog.connects.sort()).toEqual([ids(a), ids(c)].sort());

    const aLoaded = aLog.loadedOf(segment.id);
    expect(aLoaded?.peerId).toBeUndefined();
    expect(bLog.loadedOf(segment.id)?.peerId).toBe(ids(a));
    expect(cLog.loadedOf(segment.id)?.peerId).toBe(ids(b));
    const bFirst = firstP2PAt(bLog) ?? Infinity;
    const cFirst = firstP2PAt(cLog) ?? Infinity;
    expect(bFirst).toBeLessThan(aLoaded?.at ?? 0);
    expect(cFirst).toBeLessThan(aLoaded?.at ?? 0);
    expect(byteDiff(bLog.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
    expect(byteDiff(cLog.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
    expect(rig.http.servedBytes).toBe(500_000);
    expect(b.getDetails().p2pUploadedBytes).toBe(500_000);
    expect(c.getDetails().p2pDownloadedBytes).toBe(500_000);
  });
});

describe("httpUseRanges", () => {
  /** `a` relays a slow segment to `viewer`, then is destroyed mid-way; returns the bytes so far. */
  async function interruptRelay(httpUseRanges: boolean) {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [segment] = rig.segments(1, 500_000, { bytesPerMs: 100 });
    if (!segment) throw new Error("segment");
    const a = rig.loader();
    a.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [a]);
    const viewer = rig.loader({ httpUseRanges, httpDownloadProbability: 0 });
    const log = new EventLog(viewer, rig);
    viewer.load([], "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(50);
    expect(log.connects).toEqual([a.getDetails().peerId]);
    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(2000);
    // The viewer, which needs the segment now, took it from the peer that had it arriving.
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
    const received = viewer.getDetails().p2pDownloadedBytes;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(500_000);

    await a.destroy();
    await rig.clock.advance(10_000);
    expect(log.closes).toEqual([a.getDetails().peerId]);
    expect(viewer.getDetails().p2pDownloadedBytes).toBe(received);
    const loaded = log.loadedOf(segment.id);
    expect(loaded?.peerId).toBeUndefined();
    expect(byteDiff(loaded?.data, rig.bytesOf(segment))).toBe("equal");
    const requests = probe.requestsFor(segment.url);
    expect(requests).toHaveLength(2);
    return { received, resume: requests[1], viewer };
  }

  it("resumes an interrupted P2P download over HTTP from the bytes already received", async () => {
    const { received, resume, viewer } = await interruptRelay(true);
    expect(resume?.range).toBe(`bytes=${String(received)}-`);
    expect(viewer.getDetails().httpDownloadedBytes).toBe(500_000 - received);
  });

  it("restarts from zero without a range when httpUseRanges is false", async () => {
    const { resume, viewer } = await interruptRelay(false);
    expect(resume?.range).toBeUndefined();
    expect(viewer.getDetails().httpDownloadedBytes).toBe(500_000);
  });
});

describe("httpUseRanges with a byte-range segment", () => {
  it("resumes inside the segment's own range", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const url = "https://origin.test/all.ts";
    const whole = new Uint8Array(600_000).map((_, at) => (at * 7) & 0xff);
    rig.http.resources.set(url, { bytes: whole, bytesPerMs: 100 });
    const part = (priority: number) => new Segment("part", url, "bytes=1000-500999", priority);
    const a = rig.loader();
    a.load([part(0)], "swarm");
    await untilJoined(rig, [a]);
    const viewer = rig.loader({ httpUseRanges: true, httpDownloadProbability: 0 });
    const log = new EventLog(viewer, rig);
    viewer.load([], "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(50);
    viewer.load([part(0)], "swarm");
    await rig.clock.advance(2000);
    const received = viewer.getDetails().p2pDownloadedBytes;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(500_000);
    await a.destroy();
    await rig.clock.advance(10_000);
    expect(probe.requests.map((request) => request.range)).toEqual([
      "bytes=1000-500999",
      `bytes=${String(1000 + received)}-500999`,
    ]);
    expect(byteDiff(log.loadedOf("part")?.data, whole.subarray(1000, 501_000))).toBe("equal");
    expect(viewer.getDetails().httpDownloadedBytes).toBe(500_000 - received);
  });
});

describe("resuming from another peer", () => {
  it("continues an interrupted P2P download from a second peer at the right offset", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [segment] = rig.segments(1, 500_000, { bytesPerMs: 100 });
    if (!segment) throw new Error("segment");
    const relay = rig.loader();
    relay.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [relay]);
    const viewer = rig.loader({ httpDownloadProbability: 0 });
    const log = new EventLog(viewer, rig);
    viewer.load(withPriorities([segment], 3), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(2000);
    const fromRelay = viewer.getDetails().p2pDownloadedBytes;
    expect(fromRelay).toBeGreaterThan(0);
    expect(fromRelay).toBeLessThan(500_000);

    // A second peer that holds the whole segment (it got it from the origin meanwhile).
    const holder = rig.loader({ segmentUrlBuilder: (s) => `${s.url}?copy` });
    rig.http.resources.set(`${segment.url}?copy`, { bytes: rig.bytesOf(segment) });
    holder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [holder]);
    await rig.clock.advance(100);
    await relay.destroy();
    await rig.clock.advance(5000);

    const loaded = log.loadedOf(segment.id);
    expect(loaded?.peerId).toBe(holder.getDetails().peerId);
    expect(byteDiff(loaded?.data, rig.bytesOf(segment))).toBe("equal");
    expect(viewer.getDetails().p2pDownloadedBytes).toBe(500_000);
    expect(viewer.getDetails().httpDownloadedBytes).toBe(0);
    const relayed = log.downloaded
      .filter((piece) => piece.peerId === relay.getDetails().peerId)
      .reduce((sum, piece) => sum + piece.bytes, 0);
    expect(holder.getDetails().p2pUploadedBytes).toBe(500_000 - relayed);
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
  });
});

describe("random HTTP scaled to the swarm", () => {
  it("fetches each segment about once for the whole swarm", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const segments = rig.segments(10, 100_000, { bytesPerMs: 200 });
    const loaders = Array.from({ length: 5 }, () => rig.loader());
    const logs = loaders.map((loader) => new EventLog(loader, rig));
    for (const loader of loaders) {
      // Priorities 2-11: none needed now (requiredSegmentsPriority is 1), all eligible for HTTP.
      loader.load(withPriorities(segments, 2), "swarm");
      await untilJoined(rig, [loader]);
    }
    await rig.clock.advance(50);
    expect(logs.every((log) => log.connects.length === 4)).toBe(true);
    for (let step = 0; step < 60 && logs.some((log) => log.loaded.length < 10); step++) {
      await rig.clock.advance(5000);
    }

    for (const [index, loader] of loaders.entries()) {
      expect(logs[index]?.loadedIds()).toHaveLength(10);
      for (const segment of segments) {
        const stored = await loader.getSegment(segment.id);
        expect(byteDiff(stored?.data, rig.bytesOf(segment))).toBe("equal");
      }
    }
    const perSegment = segments.map((segment) => probe.requestsFor(segment.url).length);
    expect(perSegment.every((count) => count >= 1)).toBe(true);
    expect(probe.requests.length).toBeLessThanOrEqual(15);
    const http = loaders.reduce((sum, loader) => sum + loader.getDetails().httpDownloadedBytes, 0);
    const p2p = loaders.reduce((sum, loader) => sum + loader.getDetails().p2pDownloadedBytes, 0);
    expect(http).toBe(rig.http.servedBytes);
    expect(p2p).toBeGreaterThanOrEqual(5 * 10 * 100_000 - 15 * 100_000);
  });
});

describe("a congested channel", () => {
  it("still delivers every byte, one message per drain, to two viewers at once", async () => {
    // One message in flight per connection: every data message waits for the previous to land.
    rig = new LoaderRig({ highWaterMark: 1 });
    const segments = rig.segments(3, 100_000);
    const seeder = rig.loader({ requiredSegmentsPriority: 10, webRtcMaxMessageSize: 4096 });
    seeder.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [seeder]);
    await rig.clock.advance(100);
    const viewers = [0, 1].map(() => rig.loader({ httpDownloadProbability: 0 }));
    const logs = viewers.map((viewer) => new EventLog(viewer, rig));
    for (const viewer of viewers) {
      viewer.load(withPriorities(segments, 2), "swarm");
      await untilJoined(rig, [viewer]);
    }
    await rig.clock.advance(3000);
    expect(rig.http.requests).toHaveLength(3);
    for (const [index, viewer] of viewers.entries()) {
      const log = logs[index];
      expect(log?.loadedIds()).toEqual(["seg0", "seg1", "seg2"]);
      for (const segment of segments) {
        expect(log?.loadedOf(segment.id)?.peerId).toBe(seeder.getDetails().peerId);
        expect(byteDiff(log?.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
      }
      expect(viewer.getDetails().p2pDownloadedBytes).toBe(300_000);
      // 4091 data bytes per message, each waiting out one 5 ms hop: this took a while.
      const pieces = log?.downloaded ?? [];
      expect(pieces.every((piece) => piece.bytes <= 4096 - 5)).toBe(true);
      expect((pieces.at(-1)?.at ?? 0) - (pieces[0]?.at ?? 0)).toBeGreaterThan(300);
    }
    expect(seeder.getDetails().p2pUploadedBytes).toBe(600_000);
  });
});
