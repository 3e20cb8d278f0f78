import { HybridLoader } from "../core/hybrid-loader.js";
import { swarmInfoHash } from "../core/p2p/swarm-id.js";
import { DATA_MESSAGE_TYPE } from "../core/p2p/wire.js";
import { ManualClock, seededRandom, settleMicrotasks } from "../core/testing/manual-clock.js";
import { SimCdn } from "./cdn.js";
import { SimHost, SimNetwork } from "./network.js";
import { SimPlayer, type PlayerStats } from "./player.js";
import {
  BANDWIDTH_PROFILES,
  linkClass,
  loaderSettings,
  mbpsToBytesPerMs,
  messagePayloadBytes,
  REAL_HIGH_WATER_BYTES,
  type Scenario,
} from "./scenario.js";
import { SimStream } from "./stream.js";
import { summarize, type SimResult, type ViewerRecord } from "./summary.js";
import { SimTracker } from "./tracker.js";

/** Virtual ms between two progress reports (and two checks of the wall clock). */
const STEP_MS = 1000;

interface Viewer {
  host: SimHost;
  loader: HybridLoader;
  player: SimPlayer;
  leftAt: number | undefined;
}

/** Exponentially distributed, mean `mean`. */
const exponential = (random: () => number, mean: number) => -Math.log(1 - random()) * mean;

/**
 * Runs one scenario: real HybridLoaders, each with a virtual player, on one virtual clock, with a
 * simulated tracker, network and CDN. Deterministic for a seed: every random choice comes from
 * seeded generators and all async work is settled between two timers.
 */
export async function runScenario(
  scenario: Scenario,
  onProgress?: (now: number, online: number) => void,
): Promise<SimResult> {
  const started = performance.now();
  const clock = new ManualClock(settleMicrotasks);
  const random = seededRandom(scenario.seed);
  const stream = new SimStream({
    mode: scenario.mode,
    segmentSeconds: scenario.segmentSeconds,
    bitrate: scenario.bitrate,
    scale: scenario.scale,
    segments: Math.ceil((scenario.minutes * 60) / scenario.segmentSeconds) + 1,
    liveWindow: 6,
  });
  const network = new SimNetwork(clock, {
    // Control messages are a fraction of a percent of the bytes, and are not scaled down like
    // the payloads: charging them at scale would make them 64 times too dear.
    cost: (bytes) => (bytes[0] === DATA_MESSAGE_TYPE ? bytes.byteLength : 0),
    highWaterMark: REAL_HIGH_WATER_BYTES / scenario.scale,
  });
  const tracker = new SimTracker(clock, network, {
    latencyMs: scenario.trackerLatencyMs,
    intervalMs: scenario.trackerIntervalSeconds * 1000,
    maxOffers: 5,
    random: seededRandom(scenario.seed * 7919 + 1),
  });
  const cdn = new SimCdn(clock, stream, {
    latencyMs: scenario.cdnLatencyMs,
    // A fetch stream's chunks are of any size; these match a data message's payload, so a peer
    // relaying a segment still arriving over HTTP reads whole chunks instead of copying.
    chunkSize: messagePayloadBytes(scenario),
  });
  // Hashed once, in real time, before the clock starts (see LoaderEnvironment.swarmInfoHash).
  const infoHash = await swarmInfoHash(stream.swarmId);
  const settings = loaderSettings(scenario);
  const profile = BANDWIDTH_PROFILES[scenario.bandwidth];
  if (!profile) throw new Error(`unknown bandwidth profile ${scenario.bandwidth}`);
  const appended = new Set<number>();
  const viewers: Viewer[] = [];
  const records: ViewerRecord[] = [];
  let online = 0;
  const endMs = scenario.minutes * 60_000;

  const join = () => {
    const number = viewers.length;
    const link = linkClass(profile, random());
    const [low, high] = scenario.latencyMs;
    const host = new SimHost(`viewer-${String(number)}`, clock, {
      upBytesPerMs: mbpsToBytesPerMs(link.upMbps, scenario.scale),
      downBytesPerMs: mbpsToBytesPerMs(link.downMbps, scenario.scale),
      latencyMs: low + random() * (high - low),
    });
    const bytesRandom = seededRandom(scenario.seed * 1_000_003 + number);
    const http = cdn.client(host);
    const loader = new HybridLoader(settings, {
      clock,
      wallClock: () => clock.now(),
      random: seededRandom(scenario.seed * 65_537 + number),
      randomBytes: (length) => Uint8Array.from({ length }, () => Math.floor(bytesRandom() * 256)),
      http,
      transport: tracker.transport(host),
      swarmInfoHash: () => Promise.resolve(infoHash),
    });
    const player = new SimPlayer(loader, stream, clock, http, {
      onAppend: (index) => appended.add(index),
      originBytes: (url) => cdn.bytesOf(url),
    });
    const viewer: Viewer = { host, loader, player, leftAt: undefined };
    viewers.push(viewer);
    online++;
    player.start();
    if (scenario.churnMinutes > 0) {
      const stay = exponential(random, scenario.churnMinutes * 60_000);
      if (clock.now() + stay < endMs) clock.setTimeout(() => void leave(viewer), stay);
    }
  };
  const leave = async (viewer: Viewer) => {
    if (viewer.leftAt !== undefined) return;
    viewer.leftAt = clock.now();
    online--;
    viewer.player.stop();
    await viewer.loader.destroy();
  };

  for (let index = 0; index < scenario.peers; index++) {
    clock.setTimeout(join, random() * scenario.joinSpreadSeconds * 1000);
  }
  if (scenario.churnMinutes > 0) {
    // Arrivals at the rate that keeps `peers` viewers on average: peers / mean viewing time.
    const arrival = () => {
      clock.setTimeout(
        () => {
          join();
          arrival();
        },
        exponential(random, (scenario.churnMinutes * 60_000) / scenario.peers),
      );
    };
    clock.setTimeout(arrival, scenario.joinSpreadSeconds * 1000);
  }

  for (let now = 0; now < endMs; now += STEP_MS) {
    await clock.advance(Math.min(STEP_MS, endMs - now));
    onProgress?.(clock.now(), online);
  }
  for (const viewer of viewers) {
    if (viewer.leftAt === undefined) viewer.player.stop();
    records.push({
      stats: viewer.player.stats,
      onlineMs: (viewer.leftAt ?? endMs) - viewer.player.stats.joinedAt,
      sentMessages: viewer.host.sentMessages,
      connectedPeers: viewer.leftAt === undefined ? viewer.loader.getDetails().connectedPeers : 0,
    });
  }
  const result = summarize({
    scenario,
    records,
    segmentBytes: stream.segmentBytes,
    distinctSegments: appended.size,
    originBytes: cdn.servedBytes,
    originWindows: cdn.windows,
    announces: tracker.announces,
    subsetSizes: tracker.subsetSizes,
    events: clock.firedTimers,
    wallMs: performance.now() - started,
  });
  await Promise.all(viewers.filter((v) => v.leftAt === undefined).map((v) => v.loader.destroy()));
  return result;
}

export type { PlayerStats };
