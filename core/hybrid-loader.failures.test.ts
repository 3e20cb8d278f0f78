import { afterEach, describe, expect, it } from "vitest";
import { LoaderError, SegmentRejection } from "./errors.js";
import type { SegmentValidator } from "./settings.js";
import {
  byteDiff,
  EventLog,
  HttpProbe,
  joinIdle,
  seedOne,
  untilJoined,
} from "./testing/loader-probe.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

const codeOf = (error: unknown) => (error instanceof LoaderError ? error.code : String(error));

describe("segmentValidator", () => {
  it("rejecting a peer's data reports it, closes and bans the peer, then loads over HTTP", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [segment] = rig.segments(1, 50_000);
    if (!segment) throw new Error("segment");
    const seeder = rig.loader();
    const seederLog = new EventLog(seeder, rig);
    seeder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [seeder]);
    const witness = rig.loader();
    const witnessLog = new EventLog(witness, rig);
    witness.load([], "swarm");
    await untilJoined(rig, [witness]);

    const calls: [string, string | undefined][] = [];
    const segmentValidator: SegmentValidator = (_segment, method, peerId) => {
      calls.push([method, peerId]);
      return method === "p2p" ? Promise.reject(new Error("bad bytes")) : Promise.resolve();
    };
    const viewer = rig.loader({ segmentValidator, httpDownloadProbability: 0 });
    const log = new EventLog(viewer, rig);
    await joinIdle(rig, viewer);
    const seederId = seeder.getDetails().peerId;
    const witnessId = witness.getDetails().peerId;
    expect(log.connects.sort()).toEqual([seederId, witnessId].sort());
    expect(probe.requests).toHaveLength(1);

    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(1000);
    expect(calls).toEqual([
      ["p2p", seederId],
      ["http", undefined],
    ]);
    expect(log.errors).toHaveLength(1);
    const [error] = log.errors;
    expect(error?.id).toBe(segment.id);
    expect(codeOf(error?.error)).toBe("validation-failed");
    expect(error?.peerId).toBe(seederId);
    expect(log.closes).toEqual([seederId]);
    expect(seederLog.closes).toEqual([viewer.getDetails().peerId]);
    const loaded = log.loadedOf(segment.id);
    expect(loaded?.peerId).toBeUndefined();
    expect(byteDiff(loaded?.data, rig.bytesOf(segment))).toBe("equal");
    expect(probe.requestsFor(segment.url)).toHaveLength(2);

    // The seeder leaves and comes back: the witness takes it again, the viewer never does.
    seeder.load(withPriorities([segment]), "elsewhere");
    await untilJoined(rig, [seeder], 2);
    seeder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [seeder], 3);
    await rig.clock.advance(1000);
    expect(witnessLog.connects.filter((id) => id === seederId)).toHaveLength(2);
    expect(log.connects.filter((id) => id === seederId)).toHaveLength(1);
    expect(viewer.getDetails().connectedPeers).toBe(1);
  });

  it("a check that could not be made passes the peer over for that segment, without a ban", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 50_000);
    if (!segment) throw new Error("segment");
    const seeder = rig.loader();
    seeder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [seeder]);

    const calls: [string, string | undefined, readonly string[] | undefined][] = [];
    const segmentValidator: SegmentValidator = (_segment, method, peerId, contributors) => {
      calls.push([method, peerId, contributors]);
      return method === "p2p"
        ? Promise.reject(new LoaderError("integrity-unverified", "no page to ask"))
        : Promise.resolve();
    };
    const viewer = rig.loader({ segmentValidator, httpDownloadProbability: 0 });
    const log = new EventLog(viewer, rig);
    await joinIdle(rig, viewer);
    const seederId = seeder.getDetails().peerId;

    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(1000);
    expect(calls).toEqual([
      ["p2p", seederId, [seederId]],
      ["http", undefined, []],
    ]);
    expect(log.errors.map((error) => codeOf(error.error))).toEqual(["integrity-unverified"]);
    expect(log.closes).toEqual([]);
    expect(viewer.getDetails().connectedPeers).toBe(1);
    expect(log.loadedOf(segment.id)?.peerId).toBeUndefined();
  });

  it("a rejection that names its culprits bans only them; a contributor not named is passed over", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 50_000);
    if (!segment) throw new Error("segment");
    const seeder = rig.loader();
    seeder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [seeder]);

    const spans: unknown[] = [];
    const segmentValidator: SegmentValidator = (
      _segment,
      method,
      _peerId,
      _contributors,
      evidence,
    ) => {
      if (method !== "p2p") return Promise.resolve();
      spans.push(...(evidence?.spans ?? []));
      return Promise.reject(new SegmentRejection("wrong, but not this peer's bytes", []));
    };
    const viewer = rig.loader({ segmentValidator, httpDownloadProbability: 0 });
    const log = new EventLog(viewer, rig);
    await joinIdle(rig, viewer);
    const seederId = seeder.getDetails().peerId;

    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(1000);
    expect(spans).toEqual([{ peerId: seederId, from: 0, to: 50_000 }]);
    expect(log.errors.map((error) => codeOf(error.error))).toEqual(["validation-failed"]);
    expect(log.closes).toEqual([]);
    expect(viewer.getDetails().connectedPeers).toBe(1);
    expect(log.loadedOf(segment.id)?.peerId).toBeUndefined();
  });

  it("rejecting HTTP data reports it without a peer and waits httpFailedSegmentTimeout", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [segment] = rig.segments(1, 50_000);
    if (!segment) throw new Error("segment");
    let rejections = 1;
    const segmentValidator: SegmentValidator = () =>
      rejections-- > 0 ? Promise.reject(new Error("bad bytes")) : Promise.resolve();
    const loader = rig.loader({ segmentValidator, httpFailedSegmentTimeout: 5000 });
    const log = new EventLog(loader, rig);
    loader.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [loader]);
    await rig.clock.advance(100);
    expect(log.errors).toHaveLength(1);
    const [error] = log.errors;
    expect(error?.id).toBe(segment.id);
    expect(codeOf(error?.error)).toBe("validation-failed");
    expect(error?.peerId).toBeUndefined();
    expect(log.loaded).toEqual([]);

    const failedAt = error?.at ?? NaN;
    await rig.clock.advance(failedAt + 4990 - rig.clock.now());
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
    await rig.clock.advance(2000);
    const requests = probe.requestsFor(segment.url);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.at).toBeGreaterThanOrEqual(failedAt + 5000);
    expect(log.errors).toHaveLength(1);
    expect(byteDiff(log.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
  });
});

describe("a slow segmentValidator", () => {
  it("keeps a needed segment from a peer while it validates, however long that takes", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const { segment, seeder } = await seedOne(rig, 50_000);
    const calls: string[] = [];
    // Three seconds of the clock per check: longer than p2pRequiredSegmentTimeout (1500 ms).
    const segmentValidator: SegmentValidator = (_segment, method) =>
      new Promise((resolve) => {
        calls.push(method);
        rig.clock.setTimeout(resolve, 3000);
      });
    const viewer = rig.loader({ segmentValidator, httpDownloadProbability: 0 });
    const log = new EventLog(viewer, rig);
    await joinIdle(rig, viewer);
    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(10_000);
    expect(calls).toEqual(["p2p"]);
    expect(log.errors).toEqual([]);
    expect(log.loaded.map((record) => [record.id, record.peerId])).toEqual([
      [segment.id, seeder.getDetails().peerId],
    ]);
    expect(byteDiff(log.loadedOf(segment.id)?.data, rig.bytesOf(segment))).toBe("equal");
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
    expect(viewer.getDetails().p2pDownloadedBytes).toBe(50_000);
  });
});

describe("HTTP errors", () => {
  it("reports a 404 as http-status and retries only after httpFailedSegmentTimeout", async () => {
    rig = new LoaderRig();
    const probe = new HttpProbe(rig);
    const [segment] = rig.segments(1, 50_000);
    if (!segment) throw new Error("segment");
    const bytes = rig.bytesOf(segment);
    rig.http.resources.set(segment.url, { bytes, status: 404 });
    const loader = rig.loader({ httpFailedSegmentTimeout: 8000 });
    const log = new EventLog(loader, rig);
    loader.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [loader]);
    await rig.clock.advance(100);
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
    expect(log.errors).toHaveLength(1);
    const [error] = log.errors;
    expect(error?.id).toBe(segment.id);
    expect(codeOf(error?.error)).toBe("http-status");
    expect(error?.peerId).toBeUndefined();

    const failedAt = error?.at ?? NaN;
    await rig.clock.advance(failedAt + 7990 - rig.clock.now());
    expect(probe.requestsFor(segment.url)).toHaveLength(1);
    expect(log.errors).toHaveLength(1);

    rig.http.resources.set(segment.url, { bytes });
    await rig.clock.advance(2000);
    const requests = probe.requestsFor(segment.url);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.at).toBeGreaterThanOrEqual(failedAt + 8000);
    expect(log.errors).toHaveLength(1);
    expect(byteDiff(log.loadedOf(segment.id)?.data, bytes)).toBe("equal");
  });
});
