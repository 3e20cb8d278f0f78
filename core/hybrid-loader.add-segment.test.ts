import { afterEach, describe, expect, it } from "vitest";
import { Events } from "./events.js";
import { Segment } from "./segment.js";
import { byteDiff, untilJoined } from "./testing/loader-probe.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

describe("addSegment", () => {
  it("stores, announces and reports bytes handed in, which peers then fetch", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 40_000);
    if (!segment) throw new Error("segment");
    const holder = rig.loader({ httpDownloadProbability: 0 });
    const loaded: (string | undefined)[] = [];
    holder.on(Events.SegmentLoaded, (_segment, peerId) => loaded.push(peerId));
    holder.load([], "swarm");
    await untilJoined(rig, [holder]);
    const handed = new Segment(segment.id, segment.url, undefined, 0, {
      data: rig.bytesOf(segment).slice().buffer,
    });
    expect(await holder.addSegment(handed)).toBe(true);
    expect(loaded).toEqual([undefined]);
    expect(rig.http.requests).toHaveLength(0);

    const viewer = rig.loader({ httpDownloadProbability: 0 });
    let received: ArrayBuffer | undefined;
    let from: string | undefined;
    viewer.on(Events.SegmentLoaded, (got, peerId) => {
      received = got.data;
      from = peerId;
    });
    viewer.load(withPriorities([segment], 3), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(2000);
    expect(from).toBe(holder.getDetails().peerId);
    expect(byteDiff(received, rig.bytesOf(segment))).toBe("equal");
    expect(rig.http.requests).toHaveLength(0);
  });

  it("refuses bytes the validator rejects, and anything before load()", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 1000);
    if (!segment) throw new Error("segment");
    const loader = rig.loader({ segmentValidator: () => Promise.reject(new Error("no")) });
    const handed = new Segment(segment.id, segment.url, undefined, 0, {
      data: new ArrayBuffer(1000),
    });
    expect(await loader.addSegment(handed)).toBe(false);
    loader.load([], "swarm");
    expect(await loader.addSegment(handed)).toBe(false);
    expect(await loader.getSegment(segment.id)).toBeUndefined();
  });

  it("stops a download of the same segment in progress", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 100_000, { bytesPerMs: 10 });
    if (!segment) throw new Error("segment");
    const loader = rig.loader();
    const aborted: string[] = [];
    loader.on(Events.SegmentAbort, (gone) => aborted.push(gone.id));
    loader.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [loader]);
    await rig.clock.advance(2000);
    expect(loader.getDetails().httpDownloadedBytes).toBeGreaterThan(0);
    const handed = new Segment(segment.id, segment.url, undefined, 0, {
      data: rig.bytesOf(segment).slice().buffer,
    });
    expect(await loader.addSegment(handed)).toBe(true);
    const before = loader.getDetails().httpDownloadedBytes;
    await rig.clock.advance(20_000);
    expect(loader.getDetails().httpDownloadedBytes).toBe(before);
    expect(before).toBeLessThan(100_000);
    expect(aborted).toEqual([]);
  });
});
