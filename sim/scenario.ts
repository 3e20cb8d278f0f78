import { DATA_HEADER_BYTES } from "../core/p2p/wire.js";
import { defaultSettings, type Settings } from "../core/settings.js";
import type { StreamMode } from "./stream.js";

/** A class of viewer connection, in real Mbit/s. */
export interface LinkClass {
  share: number;
  upMbps: number;
  downMbps: number;
}

/**
 * Viewer connection mixes. "mixed" is a residential spread (DSL, cable, fibre); "dsl" uploads
 * less than the stream's bitrate, so uploads cap what peers can carry; "fiber" never saturates.
 */
export const BANDWIDTH_PROFILES: Record<string, readonly LinkClass[]> = {
  mixed: [
    { share: 0.2, upMbps: 1, downMbps: 10 },
    { share: 0.4, upMbps: 5, downMbps: 25 },
    { share: 0.3, upMbps: 20, downMbps: 100 },
    { share: 0.1, upMbps: 100, downMbps: 300 },
  ],
  dsl: [{ share: 1, upMbps: 0.75, downMbps: 8 }],
  fiber: [{ share: 1, upMbps: 100, downMbps: 300 }],
};

export interface Scenario {
  /** Viewers watching at once (on average, with churn). */
  peers: number;
  /** Simulated minutes. */
  minutes: number;
  mode: StreamMode;
  seed: number;
  /** Mean viewing time in minutes (exponential); departures are replaced by Poisson arrivals. 0 = no churn. */
  churnMinutes: number;
  /** The first viewers join at uniformly random times within this many seconds. */
  joinSpreadSeconds: number;
  bandwidth: keyof typeof BANDWIDTH_PROFILES;
  /** Real stream bitrate, bits/s. */
  bitrate: number;
  /** Segment duration: 6 s by default, Apple's recommended HLS target duration. */
  segmentSeconds: number;
  /** Simulated bytes = real bytes / scale, for payloads, bandwidths and message sizes. */
  scale: number;
  /** One-way access latency of a viewer, uniform in this range (ms). */
  latencyMs: readonly [number, number];
  cdnLatencyMs: number;
  trackerLatencyMs: number;
  trackerIntervalSeconds: number;
  /** Core settings on top of the simulator's (the --set flag). */
  settings: Partial<Settings>;
}

export const defaultScenario: Scenario = {
  peers: 10,
  minutes: 10,
  mode: "vod",
  seed: 1,
  churnMinutes: 0,
  joinSpreadSeconds: 60,
  bandwidth: "mixed",
  bitrate: 1_000_000,
  segmentSeconds: 6,
  scale: 64,
  latencyMs: [10, 40],
  cdnLatencyMs: 10,
  trackerLatencyMs: 30,
  trackerIntervalSeconds: 120,
  settings: {},
};

/** Real bytes of a WebRTC message (the core's default) and of the send buffer's high-water mark. */
export const REAL_MESSAGE_BYTES = 64 * 1024 - 1;
export const REAL_HIGH_WATER_BYTES = 64 * 1024;

/**
 * The core settings every simulated loader gets: message size and the slowest P2P download
 * scaled like the payloads.
 */
export function loaderSettings(scenario: Scenario): Partial<Settings> {
  return {
    trackerAnnounce: ["wss://tracker.sim"],
    webRtcMaxMessageSize: Math.max(1024, Math.round(REAL_MESSAGE_BYTES / scenario.scale)),
    p2pMinDownloadSpeed: Math.round(defaultSettings.p2pMinDownloadSpeed / scenario.scale),
    ...scenario.settings,
  };
}

/** Simulated payload bytes of one data message (the message less its 5-byte header). */
export const messagePayloadBytes = (scenario: Scenario) =>
  (loaderSettings(scenario).webRtcMaxMessageSize ?? REAL_MESSAGE_BYTES) - DATA_HEADER_BYTES;

/** Picks a connection class for a viewer from a uniform random number. */
export function linkClass(profile: readonly LinkClass[], roll: number): LinkClass {
  let total = 0;
  for (const option of profile) {
    total += option.share;
    if (roll < total) return option;
  }
  const last = profile[profile.length - 1];
  if (!last) throw new Error("empty bandwidth profile");
  return last;
}

/** Real Mbit/s to simulated bytes per ms. */
export const mbpsToBytesPerMs = (mbps: number, scale: number) => (mbps * 1e6) / 8 / 1000 / scale;
