import { afterEach, describe, expect, it } from "vitest";
import { SegmentStatus } from "./p2p/wire.js";
import { byteDiff, EventLog, HttpProbe, untilJoined, WireTap } from "./testing/loader-probe.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

describe("cachedSegmentsCount", () => {
  it("evicts the least recently used segment not in the queue and tells the peers", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const tap = new WireTap(rig);
    const [s0, s1, s2, s3] = rig.segments(4, 20_000);
    if (!s0 || !s1 || !s2 || !s3) throw new Error("segments");
    const holder = rig.loader({ cachedSegmentsCount: 3 });
    const holderLog = new EventLog(holder, rig);
    const viewer = rig.loader({ httpDownloadProbability: 0 });
    const viewerLog = new EventLog(viewer, rig);
    holder.load([], "swarm");
    await untilJoined(rig, [holder]);
    viewer.load([], "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(100);
    expect(viewerLog.connects).toEqual([holder.getDetails().peerId]);

    // Stored at different times: s0, then s1, then s2.
    for (const segment of [s0, s1, s2]) {
      holder.load(withPriorities([segment]), "swarm");
      await rig.clock.advance(100);
    }
    expect(holderLog.loadedIds()).toEqual(["seg0", "seg1", "seg2"]);
    // Reading s0 makes it recent: s1 is now the oldest, then s2.
    expect(await holder.getSegment("seg0")).toBeDefined();
    await rig.clock.advance(100);

    // s1 is in the new queue, so s2 is the least recently used segment that may go.
    holder.load(withPriorities([s1, s3]), "swarm");
    await rig.clock.advance(100);
    expect(holderLog.loadedIds()).toEqual(["seg0", "seg1", "seg2", "seg3"]);
    expect(await holder.getSegment("seg2")).toBeUndefined();
    expect(await holder.getSegment("seg0")).toBeDefined();
    expect(await holder.getSegment("seg1")).toBeDefined();
    expect(await holder.getSegment("seg3")).toBeDefined();
    expect(probe.requests).toHaveLength(4);
    // What the viewer was told about s2: loaded, then gone (a status or a map without it).
    const holderId = holder.getDetails().peerId;
    const viewerId = viewer.getDetails().peerId;
    const s2Known = tap
      .receivedBy(viewerId, holderId)
      .map((message) =>
        message.type === "status" && message.id === "seg2"
          ? message.status
          : message.type === "segments-map"
            ? (message.entries.find((entry) => entry.id === "seg2")?.status ?? SegmentStatus.Gone)
            : undefined,
      );
    expect(s2Known.filter((status) => status !== undefined).at(-1)).toBe(SegmentStatus.Gone);
    expect(s2Known).toContain(SegmentStatus.Loaded);

    // The viewer, told of the eviction, asks the holder for s0 only, and the origin for s2.
    viewer.load(withPriorities([s0, s2]), "swarm");
    await rig.clock.advance(1000);
    expect(viewerLog.loadedOf("seg0")?.peerId).toBe(holderId);
    expect(viewerLog.loadedOf("seg2")?.peerId).toBeUndefined();
    expect(byteDiff(viewerLog.loadedOf("seg0")?.data, rig.bytesOf(s0))).toBe("equal");
    expect(byteDiff(viewerLog.loadedOf("seg2")?.data, rig.bytesOf(s2))).toBe("equal");
    expect(probe.requestsFor(s0.url)).toHaveLength(1);
    expect(probe.requestsFor(s2.url)).toHaveLength(2);
    expect(viewer.getDetails().p2pDownloadedBytes).toBe(20_000);
    expect(viewer.getDetails().httpDownloadedBytes).toBe(20_000);
    // Asked for nothing it no longer had: no failed request, no dropped connection.
    expect(viewerLog.closes).toEqual([]);
    expect(holder.getDetails().p2pUploadedBytes).toBe(20_000);
    const asked = tap
      .receivedBy(holderId, viewerId)
      .flatMap((message) => (message.type === "request" ? [message.id] : []));
    expect(asked).toEqual(["seg0"]);
  });
});
