import { describe, expect, it } from "vitest";
import { ManualClock, seededRandom } from "../core/testing/manual-clock.js";
import type { SwarmMembership } from "../core/transport/transport.js";
import { SimHost, SimNetwork } from "./network.js";
import { SimTracker } from "./tracker.js";
import { unlimitedOffers } from "../core/testing/unlimited-offers.js";

const peerId = (index: number) => index.toString(16).padStart(40, "0");

describe("SimTracker", () => {
  it("answers each announce with offers to a random subset of at most min(numwant, 5) others", async () => {
    const clock = new ManualClock();
    const network = new SimNetwork(clock);
    const tracker = new SimTracker(clock, network, {
      latencyMs: 20,
      intervalMs: 60_000,
      maxOffers: 5,
      random: seededRandom(3),
    });
    const connections = new Map<string, number>();
    const memberships: SwarmMembership[] = [];
    const sizes: number[] = [];
    for (let index = 0; index < 30; index++) {
      const host = new SimHost(`h${String(index)}`, clock, {
        upBytesPerMs: 100,
        downBytesPerMs: 100,
        latencyMs: 10,
      });
      const id = peerId(index);
      memberships.push(
        tracker.transport(host).join(
          {
            infoHash: "f".repeat(40),
            peerId: id,
            announce: [],
            rtcConfig: {},
            peersPerAnnounce: 10,
            ...unlimitedOffers,
          },
          {
            onConnection: () => connections.set(id, (connections.get(id) ?? 0) + 1),
            onTrackerUpdate: ({ incomplete }) => sizes.push(incomplete),
            onTrackerWarning: () => undefined,
          },
        ),
      );
      await clock.advance(1000);
    }
    expect(tracker.size("f".repeat(40))).toBe(30);
    // The first member found nobody, the second one other, ..., the sixth and later five each.
    expect(Object.keys(Object.fromEntries(tracker.subsetSizes)).map(Number).sort()).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    expect(tracker.subsetSizes.get(5)).toBe(25);
    expect(sizes.slice(0, 3)).toEqual([1, 2, 3]);
    // Every offer makes one connection at each end.
    const total = [...connections.values()].reduce((sum, n) => sum + n, 0);
    expect(total).toBe(2 * (0 + 1 + 2 + 3 + 4 + 5 * 25));
    expect(tracker.announces).toBe(30);
    await clock.advance(60_000); // everyone announces again on the interval
    expect(tracker.announces).toBe(60);
    for (const membership of memberships.slice(0, 10)) membership.leave();
    await clock.advance(1000);
    expect(tracker.size("f".repeat(40))).toBe(20);
    expect(tracker.announces).toBe(70);
  });
});
