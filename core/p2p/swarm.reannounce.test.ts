import { afterEach, describe, expect, it } from "vitest";
import type { SwarmTransport } from "../transport/transport.js";
import { untilJoined } from "../testing/loader-probe.js";
import { LoaderRig } from "../testing/loader-rig.js";
import { REANNOUNCE_MIN_MS } from "./swarm.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

describe("re-announcing", () => {
  it("announces again soon while the tracker knows peers it could not connect to", async () => {
    rig = new LoaderRig();
    const first = rig.loader();
    first.load([], "swarm");
    await untilJoined(rig, [first]);
    // The second loader's first connection attempt is lost (as a failed WebRTC offer would be).
    const network = rig.network.transport();
    let reannounces = 0;
    let dropFirst = true;
    const flaky: SwarmTransport = {
      isSupported: () => true,
      join: (options, events) => {
        const membership = network.join(options, {
          ...events,
          onConnection: (connection) => {
            if (dropFirst) {
              dropFirst = false;
              connection.close();
              return;
            }
            events.onConnection(connection);
          },
        });
        return {
          reannounce: () => {
            reannounces++;
            membership.reannounce();
          },
          leave: () => {
            membership.leave();
          },
        };
      },
    };
    const second = rig.loader({}, { transport: flaky });
    second.load([], "swarm");
    await untilJoined(rig, [second]);
    await rig.clock.advance(100);
    expect(second.getDetails().connectedPeers).toBe(0);
    await rig.clock.advance(REANNOUNCE_MIN_MS + 100);
    expect(reannounces).toBe(1);
    expect(second.getDetails().connectedPeers).toBe(1);
    // Connected to everyone the tracker knows: no more announces.
    await rig.clock.advance(10 * REANNOUNCE_MIN_MS);
    expect(reannounces).toBe(1);
  });
});
