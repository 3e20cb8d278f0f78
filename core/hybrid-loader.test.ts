import { afterEach, describe, expect, it } from "vitest";
import { Events } from "./events.js";
import { HybridLoader } from "./hybrid-loader.js";
import { Segment } from "./segment.js";
import { untilJoined } from "./testing/loader-probe.js";
import { LoaderRig, withPriorities } from "./testing/loader-rig.js";

let rig: LoaderRig;
afterEach(async () => {
  await rig.destroy();
});

describe("HybridLoader on virtual time", () => {
  it("runs the seed's usage example as written (modulo imports)", async () => {
    rig = new LoaderRig();
    for (const index of [1, 2, 3]) {
      rig.http.resources.set(`//url/to/segment/${String(index)}`, {
        bytes: new Uint8Array(1000 * index),
      });
    }
    const log: string[] = [];
    const console = { log: (...args: unknown[]) => log.push(args.map(String).join(" ")) };
    // The namespace the seed calls `p2pml.core`, with HybridLoader bound to the virtual rig.
    const p2pml = {
      core: {
        HybridLoader: class extends HybridLoader {
          constructor() {
            super(
              {},
              {
                clock: rig.clock,
                http: rig.http,
                transport: rig.network.transport(),
              },
            );
          }
        },
        Events,
        Segment,
      },
    };

    /* eslint-disable -- the seed's example, verbatim */
    var loader = new p2pml.core.HybridLoader();
    loader.on(p2pml.core.Events.SegmentLoaded, function (segment) {
      // @ts-expect-error -- the seed reads `data` unchecked (SegmentLoaded always sets it)
      console.log("Loading finished, bytes:", segment.data.byteLength);
    });
    loader.on(p2pml.core.Events.SegmentError, function (segment, error) {
      console.log("Loading failed", segment, error);
    });
    loader.load(
      [
        new p2pml.core.Segment("segment-1", "//url/to/segment/1", undefined, 0),
        new p2pml.core.Segment("segment-2", "//url/to/segment/2", undefined, 1),
        new p2pml.core.Segment("segment-3", "//url/to/segment/3", undefined, 2),
      ],
      "swarm-1",
    );
    /* eslint-enable */
    rig.loaders.push(loader);

    await rig.clock.advance(5000);
    expect(log).toEqual([
      "Loading finished, bytes: 1000",
      "Loading finished, bytes: 2000",
      "Loading finished, bytes: 3000",
    ]);
  });

  it("fetches from a peer what the peer holds, and counts it on both sides", async () => {
    rig = new LoaderRig();
    const segments = rig.segments(3, 100_000);
    const seeder = rig.loader({ requiredSegmentsPriority: 2 });
    seeder.load(withPriorities(segments), "swarm");
    await untilJoined(rig, [seeder]);
    await rig.clock.advance(1000);
    expect(rig.http.requests).toHaveLength(3);

    const viewer = rig.loader({ httpDownloadProbability: 0 });
    const loaded: [string, string | undefined][] = [];
    viewer.on(Events.SegmentLoaded, (segment, peerId) => {
      loaded.push([segment.id, peerId]);
      expect(new Uint8Array(segment.data ?? new ArrayBuffer(0))).toEqual(rig.bytesOf(segment));
    });
    viewer.load(withPriorities(segments, 2), "swarm");
    await untilJoined(rig, [viewer]);
    await rig.clock.advance(2000);
    const seederId = seeder.getDetails().peerId;
    expect(loaded.map(([id]) => id).sort()).toEqual(["seg0", "seg1", "seg2"]);
    expect(loaded.every(([, peerId]) => peerId === seederId)).toBe(true);
    expect(rig.http.requests).toHaveLength(3);
    expect(viewer.getDetails().p2pDownloadedBytes).toBe(300_000);
    expect(seeder.getDetails().p2pUploadedBytes).toBe(300_000);
  });
});
