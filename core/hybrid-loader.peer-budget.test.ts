import { afterEach, describe, expect, it } from "vitest";
import { PeerBudget } from "./p2p/peer-budget.js";
import { REANNOUNCE_MIN_MS } from "./p2p/swarm.js";
import { untilJoined } from "./testing/loader-probe.js";
import { LoaderRig } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

const peersOf = (...loaders: ReturnType<LoaderRig["loader"]>[]) =>
  loaders.map((loader) => loader.getDetails().connectedPeers);

describe("the engine's peer budget, shared by its loaders", () => {
  it("a loader of a full engine offers and accepts no peer; a closed peer gives its slot back", async () => {
    rig = new LoaderRig();
    const engine = new PeerBudget({ peers: 2, pendingOffers: 20 }, rig.clock);
    const [x1, x2, y1] = [rig.loader(), rig.loader(), rig.loader()];
    x1.load([], "x");
    x2.load([], "x");
    y1.load([], "y");
    await untilJoined(rig, [x1, x2, y1]);
    await rig.clock.advance(100);
    // The engine's first loader takes both its peers in swarm x.
    const ex = rig.loader({}, { peerBudget: engine });
    ex.load([], "x");
    await untilJoined(rig, [ex]);
    await rig.clock.advance(100);
    expect(peersOf(ex)).toEqual([2]);
    // Its second loader, in swarm y, offers nothing to y1 ...
    const ey = rig.loader({}, { peerBudget: engine });
    ey.load([], "y");
    await untilJoined(rig, [ey]);
    await rig.clock.advance(100);
    // ... and does not answer y2's offer.
    const y2 = rig.loader();
    y2.load([], "y");
    await untilJoined(rig, [y2]);
    await rig.clock.advance(100);
    expect(peersOf(ex, ey, y1, y2)).toEqual([2, 0, 1, 1]);
    expect(engine.connected).toBe(2);
    expect(engine.pending).toBe(0);
    // x2 leaves: its slot goes to ey's next announce.
    await x2.destroy();
    await rig.clock.advance(100);
    expect(engine.connected).toBe(1);
    await rig.clock.advance(REANNOUNCE_MIN_MS);
    expect(peersOf(ex, ey)).toEqual([1, 1]);
    expect(engine.connected).toBe(2);
  });

  it("makes at most the engine's pending offers per announce", async () => {
    rig = new LoaderRig();
    const others = [rig.loader(), rig.loader(), rig.loader()];
    for (const other of others) other.load([], "x");
    await untilJoined(rig, others);
    await rig.clock.advance(100);
    const engine = new PeerBudget({ peers: 64, pendingOffers: 1 }, rig.clock);
    const ours = rig.loader({}, { peerBudget: engine });
    ours.load([], "x");
    await untilJoined(rig, [ours]);
    expect(engine.pending).toBe(1);
    await rig.clock.advance(100);
    expect(peersOf(ours)).toEqual([1]);
    expect(engine.pending).toBe(0);
    // Each re-announce (the tracker knows 3 others) offers one more.
    await rig.clock.advance(REANNOUNCE_MIN_MS);
    expect(peersOf(ours)).toEqual([2]);
  });
});
