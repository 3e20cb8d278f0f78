import { describe, expect, it } from "vitest";
import { Events, type HybridLoader, type PeerInfo } from "../../core/index.js";
import { runSwarm, type SwarmRunResult } from "../../harness/swarm-run.js";

/**
 * Four loaders share a real ffmpeg-made HLS stream over real WebRTC, found through a real
 * bittorrent-tracker server, inside a private network namespace:
 *   v1 normal (first, everything over HTTP), v2 consumeOnly, v3 normal, v4 useP2P false.
 */
describe("a swarm of loaders", () => {
  const peerConnects: PeerInfo[][] = [[], [], [], []];
  const p2pPieces: (string | undefined)[] = [];
  const loadedFromPeers: (string | undefined)[] = [];
  const peerIds: string[] = [];
  let result: SwarmRunResult;

  const watch = (loader: HybridLoader, viewer: number) => {
    peerIds[viewer] = loader.getDetails().peerId;
    loader.on(Events.PeerConnect, (peer) => peerConnects[viewer]?.push(peer));
    loader.on(Events.PieceBytesDownloaded, (method, bytes, peerId) => {
      expect(bytes).toBeGreaterThan(0);
      if (method === "p2p") p2pPieces.push(peerId);
      else expect(peerId).toBeUndefined();
    });
    loader.on(Events.SegmentLoaded, (segment, peerId) => {
      expect(segment.data?.byteLength).toBeGreaterThan(0);
      if (peerId !== undefined) loadedFromPeers.push(peerId);
    });
  };

  it("plays the stream on every viewer with the origin's bytes", async () => {
    result = await runSwarm({
      viewers: 4,
      joinGap: 2,
      rate: 2,
      stream: { seconds: 16, segmentSeconds: 2, bitrate: "1000k", size: "640x360" },
      settings: (viewer) => ({ consumeOnly: viewer === 1, useP2P: viewer !== 3 }),
      onLoader: watch,
    });
    for (const report of result.reports) {
      expect(report.played).toBe(result.stream.segments.length);
      expect(report.corrupt).toBe(0);
      expect(report.segmentErrors).toBe(0);
    }
  });

  // How much comes from peers depends on how fast WebRTC connects against how fast the player
  // fetches ahead: on a loaded machine a later viewer buffers more over HTTP before its peers are
  // up. The share is a figure for the benchmarks (npm run bench, npm run sim); this checks that
  // the bytes do flow, and prints it.
  it("gets later viewers bytes from peers, and spares the origin", () => {
    const v3 = result.reports[2];
    const withoutP2P = result.streamBytes * result.reports.length;
    console.log(
      `v3: ${String(v3?.p2pBytes)} B from peers, ${String(v3?.httpBytes)} B over HTTP; origin served ${String(result.originBytes)} of ${String(withoutP2P)} B without P2P`,
    );
    expect(v3?.p2pBytes ?? 0).toBeGreaterThan(0);
    expect(result.originBytes).toBeLessThan(withoutP2P);
  });

  it("reports peers and pieces with the documented arguments", () => {
    expect(peerConnects[2]?.length).toBeGreaterThan(0);
    for (const peer of peerConnects.flat()) {
      expect(peer.id).toMatch(/^[0-9a-f]{40}$/);
      expect(typeof peer.remoteAddress).toBe("string");
    }
    expect(p2pPieces.length).toBeGreaterThan(0);
    for (const peerId of [...p2pPieces, ...loadedFromPeers]) {
      expect(peerIds).toContain(peerId);
    }
  });

  it("never uploads from a consumeOnly viewer, which still downloads from peers", () => {
    expect(result.reports[1]?.uploadedBytes).toBe(0);
    expect(result.reports[1]?.p2pBytes).toBeGreaterThan(0);
  });

  it("keeps a useP2P:false viewer away from the tracker and peers", () => {
    expect(result.reports[3]?.p2pBytes).toBe(0);
    expect(result.reports[3]?.uploadedBytes).toBe(0);
    expect(peerConnects[3]).toEqual([]);
    const v4 = peerIds[3];
    expect(v4).toBeDefined();
    expect(result.announced).not.toContain(v4);
    expect(result.announced).toEqual(expect.arrayContaining([peerIds[0], peerIds[1], peerIds[2]]));
  });
});
