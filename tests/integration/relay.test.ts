import { randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { Events, HybridLoader, Segment } from "../../core/index.js";
import { installNodeWebRtc, loopbackRtcConfig } from "../../harness/node-webrtc.js";
import { startOrigin, type OriginServer } from "../../harness/origin-server.js";
import { assertInNetworkNamespace } from "../../harness/swarm-run.js";
import { startTracker, type LocalTracker } from "../../harness/tracker.js";
import { sha256, sleep, waitUntil } from "../../harness/wait.js";

const SIZE = 1536 * 1024;
const RATE = 1024 * 1024; // the origin sends 1 MiB/s: the segment takes 1.5 s to arrive

let tracker: LocalTracker | undefined;
let origin: OriginServer | undefined;
const loaders: HybridLoader[] = [];

afterAll(async () => {
  await Promise.all(loaders.map((loader) => loader.destroy()));
  await origin?.close();
  await tracker?.close();
});

it("relays a segment to peers while it is still arriving from the origin", async () => {
  assertInNetworkNamespace();
  installNodeWebRtc();
  const dir = await mkdtemp(join(tmpdir(), "p2pv-relay-"));
  const bytes = randomBytes(SIZE);
  await writeFile(join(dir, "live.ts"), bytes);
  tracker = await startTracker();
  origin = await startOrigin(dir, { bytesPerSecond: RATE });
  const url = `${origin.baseUrl}live.ts`;
  const swarm = "relay-swarm";

  for (let index = 0; index < 3; index++) {
    const loader = new HybridLoader({
      trackerAnnounce: [tracker.url],
      rtcConfig: loopbackRtcConfig,
      httpDownloadProbability: 0,
    });
    loader.load([], swarm);
    loaders.push(loader);
  }
  const [first, second, third] = loaders;
  if (!first || !second || !third) throw new Error("no loaders");
  await waitUntil(
    () => loaders.every((loader) => loader.getDetails().connectedPeers === 2),
    // ~1 s on an idle machine; a wide wait for a loaded one (no speed is asserted here).
    60_000,
    "three connected peers",
  );

  const firstBytesAt = new Map<HybridLoader, number>();
  const loadedAt = new Map<HybridLoader, { at: number; peerId: string | undefined }>();
  for (const loader of loaders) {
    loader.on(Events.PieceBytesDownloaded, (method) => {
      if (method === "p2p" && !firstBytesAt.has(loader))
        firstBytesAt.set(loader, performance.now());
    });
    loader.on(Events.SegmentLoaded, (segment, peerId) => {
      expect(sha256(segment.data)).toBe(sha256(bytes));
      loadedAt.set(loader, { at: performance.now(), peerId });
    });
  }
  // The first viewer needs the segment now (HTTP); the others want it soon (peers first).
  first.load([new Segment("live", url, undefined, 0)], swarm);
  await sleep(200);
  second.load([new Segment("live", url, undefined, 3)], swarm);
  third.load([new Segment("live", url, undefined, 3)], swarm);
  await waitUntil(() => loadedAt.size === 3, 60_000, "three loaded copies");

  const originDone = loadedAt.get(first)?.at ?? 0;
  expect(loadedAt.get(first)?.peerId).toBeUndefined();
  for (const relayed of [second, third]) {
    expect(loadedAt.get(relayed)?.peerId).toBeDefined();
    // Bytes reached the other viewers before the first copy had finished arriving.
    expect(firstBytesAt.get(relayed)).toBeLessThan(originDone);
  }
  // The origin sent the segment once.
  expect(origin.servedBytes()).toBe(SIZE);
}, 150_000);
