import { HybridLoader, type Settings } from "../core/index.js";
import { installNodeWebRtc, loopbackRtcConfig } from "./node-webrtc.js";
import { startOrigin, type OriginServer } from "./origin-server.js";
import { makeHlsVod, type HlsStream, type StreamOptions } from "./streams.js";
import { startTracker, type LocalTracker } from "./tracker.js";
import { VirtualPlayer, type PlayerReport } from "./virtual-player.js";
import { sleep } from "./wait.js";

export interface SwarmRunOptions {
  viewers: number;
  /** Seconds between two viewers joining. */
  joinGap: number;
  rate: number;
  stream: StreamOptions;
  /** Per-viewer settings on top of the local tracker and loopback WebRTC. */
  settings?: (viewer: number) => Partial<Settings>;
  onProgress?: (players: readonly VirtualPlayer[]) => void;
  /** Called with each viewer's loader before it starts playing. */
  onLoader?: (loader: HybridLoader, viewer: number) => void;
}

export interface SwarmRunResult {
  stream: HlsStream;
  /** Peer ids the tracker saw announce. */
  announced: string[];
  reports: PlayerReport[];
  originBytes: number;
  streamBytes: number;
  elapsedMs: number;
}

export interface SwarmFixture {
  tracker: LocalTracker;
  origin: OriginServer;
  stream: HlsStream;
  settings(extra?: Partial<Settings>): Partial<Settings>;
  close(): Promise<void>;
}

/** Requires a private network namespace: WebRTC must not touch the machine's real interfaces. */
export function assertInNetworkNamespace(): void {
  if (process.env.P2PV_NETNS !== "1") {
    throw new Error("Run this inside scripts/netns.sh (a private network namespace).");
  }
}

/** A local tracker and a local origin serving an ffmpeg-made HLS stream. */
export async function startSwarmFixture(stream: StreamOptions): Promise<SwarmFixture> {
  assertInNetworkNamespace();
  installNodeWebRtc();
  const hls = await makeHlsVod(stream);
  const tracker = await startTracker();
  const origin = await startOrigin(hls.dir);
  return {
    tracker,
    origin,
    stream: hls,
    settings: (extra = {}) => ({
      trackerAnnounce: [tracker.url],
      rtcConfig: loopbackRtcConfig,
      ...extra,
    }),
    close: async () => {
      await origin.close();
      await tracker.close();
    },
  };
}

/** Viewers join one after another and play the whole stream; returns what each one saw. */
export async function runSwarm(options: SwarmRunOptions): Promise<SwarmRunResult> {
  const fixture = await startSwarmFixture(options.stream);
  const started = performance.now();
  const loaders: HybridLoader[] = [];
  const players: VirtualPlayer[] = [];
  const done: Promise<PlayerReport>[] = [];
  const progress = setInterval(() => options.onProgress?.(players), 1000);
  try {
    for (let viewer = 0; viewer < options.viewers; viewer++) {
      if (viewer > 0) await sleep(options.joinGap * 1000);
      const loader = new HybridLoader(fixture.settings(options.settings?.(viewer)));
      options.onLoader?.(loader, viewer);
      const player = new VirtualPlayer(loader, fixture.origin.baseUrl, fixture.stream.segments, {
        swarmId: "demo-stream",
        rate: options.rate,
        bufferAhead: 10,
      });
      loaders.push(loader);
      players.push(player);
      done.push(player.play());
    }
    const reports = await Promise.all(done);
    options.onProgress?.(players);
    return {
      stream: fixture.stream,
      announced: fixture.tracker.announcedPeerIds(),
      reports,
      originBytes: fixture.origin.servedBytes(),
      streamBytes: fixture.stream.segments.reduce((sum, segment) => sum + segment.bytes, 0),
      elapsedMs: performance.now() - started,
    };
  } finally {
    clearInterval(progress);
    for (const player of players) player.stop();
    await Promise.all(loaders.map((loader) => loader.destroy()));
    await fixture.close();
  }
}
