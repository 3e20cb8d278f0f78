import { afterEach, describe, expect, it } from "vitest";
import type { LoaderErrorCode } from "../errors.js";
import { resolveSettings } from "../settings.js";
import { ManualClock, settleMicrotasks } from "../testing/manual-clock.js";
import { MemoryNetwork } from "../testing/memory-network.js";
import { ScriptedPeer } from "../testing/scripted-peer.js";
import { MAX_REMOTE_SEGMENTS } from "./peer-session.js";
import { swarmInfoHash } from "./swarm-id.js";
import { Swarm, type SwarmHost } from "./swarm.js";
import { MAX_MAP_ENTRIES, SegmentStatus } from "./wire.js";
import { DEFAULT_PEER_BUDGET, PeerBudget } from "./peer-budget.js";
import { DEFAULT_CONCURRENT_UPLOADS, UploadBudget } from "./upload-budget.js";

let rig: { clock: ManualClock; network: MemoryNetwork };
let swarm: Swarm;

/**
 * A clock that settles only microtasks between timers (nothing here leaves the thread once
 * joined): 300,000 messages are 300,000 timers, and a macrotask each would take minutes.
 */
function place() {
  const clock = new ManualClock(settleMicrotasks);
  return { clock, network: new MemoryNetwork(clock) };
}
afterEach(() => {
  swarm.destroy();
});

/** Our side: a real Swarm on the rig's network, with a host that records what it is told. */
async function joinSwarm() {
  const seen = { changes: 0, closes: 0, violations: [] as LoaderErrorCode[] };
  const host: SwarmHost = {
    clock: rig.clock,
    settings: resolveSettings({ trackerAnnounce: ["wss://tracker.test"] }),
    peerId: "aa".repeat(20),
    budget: new PeerBudget(DEFAULT_PEER_BUDGET, rig.clock),
    uploads: new UploadBudget(DEFAULT_CONCURRENT_UPLOADS, 0, rig.clock),
    infoHash: swarmInfoHash,
    localEntries: () => [],
    localDigests: () => [],
    wants: () => false,
    serve: () => Promise.resolve(undefined),
    onPeerConnect: () => undefined,
    onPeerClose: () => {
      seen.closes++;
    },
    onRemoteChange: () => {
      seen.changes++;
    },
    onUploaded: () => undefined,
    onTrackerUpdate: () => undefined,
    onViolation: (_session, error) => {
      seen.violations.push(error.code);
    },
  };
  swarm = new Swarm("swarm", rig.network.transport(), host, new Set());
  await swarm.join();
  await rig.clock.advance(100);
  return seen;
}

describe("a peer flooding us with announcements, over the network", () => {
  it("300,000 statuses leave its map at MAX_REMOTE_SEGMENTS, the newest, and the peer connected", async () => {
    rig = place();
    const flood = 300_000;
    const hostile = await ScriptedPeer.join(rig, "swarm", {
      holds: ["real"],
      onReady: (peer) => {
        for (let index = 0; index < flood; index++) {
          peer.send({ type: "status", id: `f${String(index)}`, status: SegmentStatus.Loaded });
        }
      },
    });
    const seen = await joinSwarm();
    await rig.clock.advance(1000);

    const session = swarm.session(hostile.peerId);
    expect(session?.isReady).toBe(true);
    expect(seen.changes).toBe(flood + 1);
    // Counted through remoteEntries(), which the scheduler's filter walks on every map change.
    expect([...(session?.remoteEntries() ?? [])]).toHaveLength(MAX_REMOTE_SEGMENTS);
    expect(session?.statusOf(`f${String(flood - 1)}`)).toBe(SegmentStatus.Loaded);
    expect(session?.statusOf("f0")).toBeUndefined();
    // The newest are what the scheduler can pick the peer for.
    expect(swarm.pickPeer(`f${String(flood - 1)}`, new Set())?.id).toBe(hostile.peerId);
    expect(seen.violations).toEqual([]);
    expect(seen.closes).toBe(0);
  }, 60_000);

  it("an oversized map is kept to its first MAX_REMOTE_SEGMENTS entries", async () => {
    rig = place();
    const holds = Array.from({ length: MAX_MAP_ENTRIES }, (_, index) => `m${String(index)}`);
    const hostile = await ScriptedPeer.join(rig, "swarm", { holds });
    await joinSwarm();
    const session = swarm.session(hostile.peerId);
    expect(session?.isMapped).toBe(true);
    expect(session?.remoteSegmentCount).toBe(MAX_REMOTE_SEGMENTS);
    expect(swarm.isAvailable(`m${String(MAX_REMOTE_SEGMENTS - 1)}`)).toBe(true);
    expect(swarm.isAvailable(`m${String(MAX_REMOTE_SEGMENTS)}`)).toBe(false);
  });
});
