/**
 * TrackerTransport against a real bittorrent-tracker server that is not there yet, or goes away
 * and comes back at the same address: the client finds it again within seconds (the library's
 * own wait was 10 s plus up to 5 min: core/transport/tracker-reconnect.ts). The members announce
 * with numwant 0, so no WebRTC is involved: this is about the tracker socket only.
 */
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { RECONNECT_MIN_MS } from "../../core/transport/tracker-reconnect.js";
import { TrackerTransport } from "../../core/transport/tracker-transport.js";
import type { SwarmMembership } from "../../core/transport/transport.js";
import { freePort, startTracker, type LocalTracker } from "../../harness/tracker.js";
import { sleep, waitUntil } from "../../harness/wait.js";
import { unlimitedOffers } from "../../core/testing/unlimited-offers.js";

const hex = () => randomBytes(20).toString("hex");

/**
 * Generous for a loaded machine, yet far below the library's own first wait (10 s plus a random
 * 0-300 s): both tests failed (timed out) before the reconnect was changed.
 */
const FOUND_AGAIN_MS = 20_000;

interface Member {
  peerId: string;
  updates: number;
  membership: SwarmMembership;
}

function join(url: string): Member {
  const member: Member = { peerId: hex(), updates: 0, membership: undefined as never };
  member.membership = new TrackerTransport().join(
    {
      infoHash: hex(),
      peerId: member.peerId,
      announce: [url],
      rtcConfig: { iceServers: [] },
      peersPerAnnounce: 0,
      ...unlimitedOffers,
    },
    {
      onConnection: (connection) => {
        connection.close();
      },
      onTrackerUpdate: () => {
        member.updates++;
      },
      onTrackerWarning: () => undefined,
    },
  );
  return member;
}

describe("the tracker comes back", () => {
  const trackers: LocalTracker[] = [];
  const members: Member[] = [];

  afterEach(async () => {
    for (const member of members.splice(0)) member.membership.leave();
    await Promise.all(trackers.splice(0).map((tracker) => tracker.close()));
  });

  it("a member that started while no tracker listened announces once one does; one that left meanwhile does not", async () => {
    const port = await freePort();
    const url = `ws://127.0.0.1:${String(port)}`;
    const staying = join(url);
    const leaving = join(url);
    members.push(staying);
    // Both first attempts fail (connection refused); one member leaves during its wait.
    await sleep(500);
    leaving.membership.leave();
    const tracker = await startTracker("127.0.0.1", port);
    trackers.push(tracker);
    const up = performance.now();
    await waitUntil(() => staying.updates > 0, FOUND_AGAIN_MS, "the tracker's answer");
    console.log(`found the tracker ${(performance.now() - up).toFixed(0)} ms after it started`);
    // Past several of the waiting member's attempts: the one that left never shows up.
    await sleep(4 * RECONNECT_MIN_MS);
    expect(tracker.announces(leaving.peerId)).toBe(0);
    expect(tracker.announces(staying.peerId)).toBeGreaterThan(0);
  }, 60_000);

  it("a member whose tracker restarts announces to the new one", async () => {
    const first = await startTracker();
    const port = Number(new URL(first.url).port);
    const member = join(first.url);
    members.push(member);
    await waitUntil(() => first.announces(member.peerId) > 0, 10_000, "the first announce");
    await first.close();
    await sleep(1000);
    const second = await startTracker("127.0.0.1", port);
    trackers.push(second);
    const up = performance.now();
    await waitUntil(() => second.announces(member.peerId) > 0, FOUND_AGAIN_MS, "the re-announce");
    console.log(`re-announced ${(performance.now() - up).toFixed(0)} ms after the restart`);
  }, 60_000);
});
