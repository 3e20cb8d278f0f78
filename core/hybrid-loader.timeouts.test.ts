import { afterEach, describe, expect, it } from "vitest";
import type { Segment } from "./segment.js";
import type { Settings } from "./settings.js";
import { byteDiff, EventLog, HttpProbe, seedOne, untilJoined } from "./testing/loader-probe.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

const stalledUrl = (segment: Segment) => `${segment.url}?stalled`;

/**
 * A seeder whose own HTTP download of the segment hangs after its first 16 kB (it fetches from a
 * stalling URL with the same bytes), and a viewer connected to it that then needs the segment now.
 * The seeder relays what it has, then goes quiet.
 */
async function stalledRelay(viewerSettings: Partial<Settings>) {
  rig = new LoaderRig();
  const probe = new HttpProbe(rig);
  const [segment] = rig.segments(1, 200_000);
  if (!segment) throw new Error("segment");
  rig.http.resources.set(stalledUrl(segment), { bytes: rig.bytesOf(segment) });
  probe.stalled.add(stalledUrl(segment));
  const seeder = rig.loader({ segmentUrlBuilder: stalledUrl });
  seeder.load(withPriorities([segment]), "swarm");
  await untilJoined(rig, [seeder]);
  const viewer = rig.loader({ httpDownloadProbability: 0, ...viewerSettings });
  const log = new EventLog(viewer, rig);
  viewer.load([], "swarm");
  await untilJoined(rig, [viewer]);
  await rig.clock.advance(100);
  expect(log.connects).toEqual([seeder.getDetails().peerId]);
  const start = rig.clock.now();
  viewer.load(withPriorities([segment]), "swarm");
  await rig.clock.advance(10_000);

  const p2pPieces = log.downloaded.filter((piece) => piece.method === "p2p");
  expect(p2pPieces.map((piece) => piece.peerId)).toEqual([seeder.getDetails().peerId]);
  expect(viewer.getDetails().p2pDownloadedBytes).toBe(16 * 1024);
  const lastP2P = p2pPieces[0]?.at ?? NaN;
  expect(lastP2P - start).toBeLessThan(100);
  const viaHttp = probe.requestsFor(segment.url);
  // Only the viewer asked the origin's real URL, once: the seeder was not asked again.
  expect(viaHttp).toHaveLength(1);
  const loaded = log.loadedOf(segment.id);
  expect(loaded?.peerId).toBeUndefined();
  expect(byteDiff(loaded?.data, rig.bytesOf(segment))).toBe("equal");
  expect(seeder.getDetails().p2pUploadedBytes).toBe(16 * 1024);
  return { silence: (viaHttp[0]?.at ?? NaN) - lastP2P, log };
}

describe("a peer that stops sending a needed segment", () => {
  it("loses it to HTTP after p2pRequiredSegmentTimeout of silence", async () => {
    const { silence } = await stalledRelay({
      p2pRequiredSegmentTimeout: 1500,
      p2pInactivityTimeout: 4000,
      p2pSegmentDownloadTimeout: 60_000,
      httpDownloadProbabilityInterval: 100,
    });
    expect(silence).toBeGreaterThanOrEqual(1500);
    // Checked every httpDownloadProbabilityInterval (100 ms); nowhere near 4000 or 60000.
    expect(silence).toBeLessThanOrEqual(1600);
  });

  it("loses it to HTTP after p2pInactivityTimeout when that is shorter", async () => {
    const { silence } = await stalledRelay({
      p2pRequiredSegmentTimeout: 20_000,
      p2pInactivityTimeout: 2500,
      p2pSegmentDownloadTimeout: 60_000,
    });
    expect(silence).toBeGreaterThanOrEqual(2500);
    expect(silence).toBeLessThanOrEqual(2550);
  });

  it("goes to HTTP after p2pRequiredSegmentTimeout when the first bytes are late", async () => {
    // One second each way: the answer to a request cannot arrive within 1500 ms.
    rig = new LoaderRig({ latency: 1000 });
    const probe = new HttpProbe(rig);
    const { segment, seeder } = await seedOne(rig, 50_000);
    const viewer = rig.loader({
      httpDownloadProbability: 0,
      p2pRequiredSegmentTimeout: 1500,
      p2pSegmentDownloadTimeout: 60_000,
    });
    const log = new EventLog(viewer, rig);
    viewer.load([], "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(5000);
    expect(log.connects).toEqual([seeder.getDetails().peerId]);
    expect(probe.requests).toHaveLength(1);

    const start = rig.clock.now();
    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(10_000);
    const viaHttp = probe.requestsFor(segment.url);
    expect(viaHttp).toHaveLength(2);
    const waited = (viaHttp[1]?.at ?? NaN) - start;
    expect(waited).toBeGreaterThanOrEqual(1500);
    expect(waited).toBeLessThanOrEqual(2000);
    const loaded = log.loadedOf(segment.id);
    expect(loaded?.peerId).toBeUndefined();
    expect(byteDiff(loaded?.data, rig.bytesOf(segment))).toBe("equal");
    // The seeder's late answer to the cancelled request was dropped, not counted or a violation.
    expect(viewer.getDetails().p2pDownloadedBytes).toBe(0);
    expect(log.closes).toEqual([]);
    expect(viewer.getDetails().connectedPeers).toBe(1);
  });
});
