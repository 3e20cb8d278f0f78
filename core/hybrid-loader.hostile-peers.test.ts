import { afterEach, describe, expect, it } from "vitest";
import { MIN_SPEED_WINDOW_MS } from "./p2p/peer-session.js";
import type { Segment } from "./segment.js";
import { byteDiff, EventLog, HttpProbe, untilJoined } from "./testing/loader-probe.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";
import { ScriptedPeer } from "./testing/scripted-peer.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

/** 100 bytes a second: each chunk comes well within every silence timeout. */
const DRIP_BYTES = 100;
const DRIP_MS = 1000;

/** A hostile peer that holds `segment` and drip-feeds its real bytes to whoever asks. */
const dripper = (segment: Segment) =>
  ScriptedPeer.join(rig, "swarm", {
    holds: [segment.id],
    onRequest: (peer, request) => {
      peer.drip(request, rig.bytesOf(segment), DRIP_BYTES, DRIP_MS);
    },
  });

describe("a peer that drip-feeds a segment", () => {
  it("loses a needed segment after a minimum-speed window; HTTP resumes from its bytes", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [segment] = rig.segments(1, 200_000);
    if (!segment) throw new Error("segment");
    const hostile = await dripper(segment);
    const viewer = rig.loader({ httpDownloadProbability: 0, httpUseRanges: true });
    const log = new EventLog(viewer, rig);
    viewer.load([], "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(100);
    expect(log.connects).toEqual([hostile.peerId]);

    const start = rig.clock.now();
    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(20_000);

    const received = viewer.getDetails().p2pDownloadedBytes;
    // A window's worth of drips, then the download moved on: nowhere near the whole segment.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThanOrEqual((MIN_SPEED_WINDOW_MS / DRIP_MS + 1) * DRIP_BYTES);
    const viaHttp = probe.requestsFor(segment.url);
    expect(viaHttp).toHaveLength(1);
    expect(viaHttp[0]?.range).toBe(`bytes=${String(received)}-`);
    expect((viaHttp[0]?.at ?? NaN) - start).toBeLessThanOrEqual(MIN_SPEED_WINDOW_MS + 100);
    const loaded = log.loadedOf(segment.id);
    expect(loaded?.peerId).toBeUndefined();
    expect(byteDiff(loaded?.data, rig.bytesOf(segment))).toBe("equal");
    // Asked once, then cancelled; slow is not a violation: the peer stays connected.
    expect(hostile.requests(segment.id)).toHaveLength(1);
    expect(hostile.cancelled.size).toBe(1);
    expect(log.closes).toEqual([]);
    expect(viewer.getDetails().connectedPeers).toBe(1);
  });

  it("loses a segment not needed yet to another peer, and is not asked for it again", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [segment, filler] = rig.segments(2, 200_000);
    if (!segment || !filler) throw new Error("segments");
    const hostile = await dripper(segment);
    const seeder = rig.loader({ p2pMinDownloadSpeed: 0 });
    seeder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [seeder]);
    await rig.clock.advance(1000);
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
    const viewer = rig.loader({ httpDownloadProbability: 0, requiredSegmentsPriority: 0 });
    const log = new EventLog(viewer, rig);
    viewer.load([], "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(100);
    expect(log.connects).toEqual([hostile.peerId, seeder.getDetails().peerId]);

    // Priority 5: not needed now, so only the minimum speed can take it from the dripper.
    const start = rig.clock.now();
    viewer.load(withPriorities([segment], 5), "swarm");
    await rig.clock.advance(30_000);

    const loaded = log.loadedOf(segment.id);
    expect(loaded?.peerId).toBe(seeder.getDetails().peerId);
    expect(byteDiff(loaded?.data, rig.bytesOf(segment))).toBe("equal");
    expect((loaded?.at ?? NaN) - start).toBeLessThan(MIN_SPEED_WINDOW_MS + 1000);
    expect(hostile.requests(segment.id)).toHaveLength(1);
    // The viewer never went to the origin.
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
    const fromHostile = log.downloaded.filter((piece) => piece.peerId === hostile.peerId);
    expect(fromHostile.reduce((sum, piece) => sum + piece.bytes, 0)).toBeLessThanOrEqual(
      (MIN_SPEED_WINDOW_MS / DRIP_MS + 1) * DRIP_BYTES,
    );
  });
});

describe("a peer that never answers", () => {
  it("loses a segment not needed yet after p2pSegmentDownloadTimeout, to another peer", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 100_000);
    if (!segment) throw new Error("segment");
    const silent = await ScriptedPeer.join(rig, "swarm", { holds: [segment.id] });
    const seeder = rig.loader();
    seeder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [seeder]);
    await rig.clock.advance(1000);
    const viewer = rig.loader({
      httpDownloadProbability: 0,
      requiredSegmentsPriority: 0,
      p2pSegmentDownloadTimeout: 10_000,
    });
    const log = new EventLog(viewer, rig);
    viewer.load([], "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(100);
    expect(log.connects).toEqual([silent.peerId, seeder.getDetails().peerId]);

    const start = rig.clock.now();
    viewer.load(withPriorities([segment], 5), "swarm");
    await rig.clock.advance(9_900);
    expect(log.loaded).toEqual([]);
    await rig.clock.advance(2000);
    const loaded = log.loadedOf(segment.id);
    expect(loaded?.peerId).toBe(seeder.getDetails().peerId);
    expect(byteDiff(loaded?.data, rig.bytesOf(segment))).toBe("equal");
    expect((loaded?.at ?? NaN) - start).toBeGreaterThanOrEqual(10_000);
    expect(silent.requests(segment.id)).toHaveLength(1);
    expect(silent.cancelled.size).toBe(1);
  });

  it("loses a needed segment to HTTP after p2pRequiredSegmentTimeout", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [segment] = rig.segments(1, 100_000);
    if (!segment) throw new Error("segment");
    const silent = await ScriptedPeer.join(rig, "swarm", { holds: [segment.id] });
    const viewer = rig.loader({ httpDownloadProbability: 0, p2pRequiredSegmentTimeout: 1500 });
    const log = new EventLog(viewer, rig);
    viewer.load([], "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(100);
    expect(log.connects).toEqual([silent.peerId]);

    const start = rig.clock.now();
    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(5000);
    const viaHttp = probe.requestsFor(segment.url);
    expect(viaHttp).toHaveLength(1);
    expect((viaHttp[0]?.at ?? NaN) - start).toBeGreaterThanOrEqual(1500);
    expect((viaHttp[0]?.at ?? NaN) - start).toBeLessThanOrEqual(2600);
    expect(byteDiff(log.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
    expect(silent.requests(segment.id)).toHaveLength(1);
  });
});
