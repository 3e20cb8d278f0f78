import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Digest, SegmentEvidence } from "./p2p/attestations.js";
import type { SegmentValidator } from "./settings.js";
import { EventLog, joinIdle, untilJoined } from "./testing/loader-probe.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

/** SHA-256 computed synchronously (node:crypto), so the digest lands at a known virtual time. */
const digest: Digest = (bytes) =>
  Promise.resolve(new Uint8Array(createHash("sha256").update(new Uint8Array(bytes)).digest()));
const hex = (value: Uint8Array) => Buffer.from(value).toString("hex");

interface Seen {
  method: string;
  contributors: readonly string[];
  attestations: Record<string, string>;
}

/** A validator that accepts everything and records what it was told. */
function recording(seen: Seen[], act?: (evidence: SegmentEvidence) => void): SegmentValidator {
  return (_segment, method, _peerId, contributors = [], evidence) => {
    const attestations: Record<string, string> = {};
    for (const [peer, value] of evidence?.attestations ?? []) attestations[peer] = hex(value);
    seen.push({ method, contributors, attestations });
    if (evidence) act?.(evidence);
    return Promise.resolve();
  };
}

describe("attestations (origin digests between peers)", () => {
  it("whoever fetched a segment whole from the origin attests it; a receiver is told only the attestations of peers whose bytes it did not get", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 60_000);
    if (!segment) throw new Error("segment");
    const truth = hex(await digest(rig.bytesOf(segment).slice().buffer));
    // Two viewers fetch the segment from the origin, each with a digest function.
    const first = rig.loader({}, { digest });
    const second = rig.loader({}, { digest });
    for (const seeder of [first, second]) seeder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [first, second]);
    await rig.clock.advance(1000);

    const seen: Seen[] = [];
    const viewer = rig.loader({ segmentValidator: recording(seen), httpDownloadProbability: 0 });
    const log = new EventLog(viewer, rig);
    await joinIdle(rig, viewer);
    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(1000);

    const sender = log.loadedOf(segment.id)?.peerId;
    expect(sender).toBeDefined();
    const ids = [first, second].map((loader) => loader.getDetails().peerId);
    const other = ids.find((id) => id !== sender);
    expect(seen).toEqual([
      { method: "p2p", contributors: [sender], attestations: { [String(other)]: truth } },
    ]);
  });

  it("a loader without a digest function attests nothing", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 20_000);
    if (!segment) throw new Error("segment");
    const seeders = [rig.loader(), rig.loader()];
    for (const seeder of seeders) seeder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, seeders);
    await rig.clock.advance(1000);
    const seen: Seen[] = [];
    const viewer = rig.loader({ segmentValidator: recording(seen), httpDownloadProbability: 0 });
    viewer.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(1000);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.attestations).toEqual({});
  });

  it("attests only what came whole from the origin, and tells a peer that joins later", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 20_000);
    if (!segment) throw new Error("segment");
    const seeder = rig.loader({}, { digest });
    seeder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, [seeder]);
    await rig.clock.advance(1000);
    // The relay gets its copy from the seeder (so attests nothing), the seeder stays.
    const relay = rig.loader({ httpDownloadProbability: 0 }, { digest });
    const relayLog = new EventLog(relay, rig);
    await joinIdle(rig, relay);
    relay.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(1000);
    const seederId = seeder.getDetails().peerId;
    expect(relayLog.loadedOf(segment.id)?.peerId).toBe(seederId);

    const seen: Seen[] = [];
    const segmentValidator = recording(seen);
    const viewer = rig.loader({ segmentValidator, httpDownloadProbability: 0 });
    const log = new EventLog(viewer, rig);
    await joinIdle(rig, viewer);
    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(1000);
    const truth = hex(await digest(rig.bytesOf(segment).slice().buffer));
    const sender = log.loadedOf(segment.id)?.peerId;
    const expected = sender === seederId ? {} : { [seederId]: truth };
    expect(seen.map((entry) => entry.attestations)).toEqual([expected]);
  });

  it("discrediting an attester bans and disconnects it", async () => {
    rig = new LoaderRig();
    const [segment] = rig.segments(1, 20_000);
    if (!segment) throw new Error("segment");
    const seeders = [rig.loader({}, { digest }), rig.loader({}, { digest })];
    for (const seeder of seeders) seeder.load(withPriorities([segment]), "swarm");
    await untilJoined(rig, seeders);
    await rig.clock.advance(1000);
    const discredited: string[] = [];
    const segmentValidator = recording([], (evidence) => {
      for (const peer of evidence.attestations.keys()) {
        discredited.push(peer);
        evidence.discredit(peer);
      }
    });
    const viewer = rig.loader({ segmentValidator, httpDownloadProbability: 0 });
    const log = new EventLog(viewer, rig);
    await joinIdle(rig, viewer);
    viewer.load(withPriorities([segment]), "swarm");
    await rig.clock.advance(1000);
    expect(discredited).toHaveLength(1);
    expect(log.closes).toEqual(discredited);
    expect(viewer.getDetails().connectedPeers).toBe(1);
    expect(log.loadedOf(segment.id)).toBeDefined();
  });
});
