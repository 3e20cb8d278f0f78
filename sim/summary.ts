import { CDN_WINDOW_MS } from "./cdn.js";
import type { PlayerStats } from "./player.js";
import type { Scenario } from "./scenario.js";

/** What one viewer (one viewing session) left behind. */
export interface ViewerRecord {
  stats: PlayerStats;
  onlineMs: number;
  sentMessages: number;
  connectedPeers: number;
}

export interface SummaryInput {
  scenario: Scenario;
  records: ViewerRecord[];
  /** Simulated bytes of one segment. */
  segmentBytes: number;
  /** Segments that went into at least one viewer's buffer. */
  distinctSegments: number;
  originBytes: number;
  originWindows: readonly number[];
  announces: number;
  subsetSizes: ReadonlyMap<number, number>;
  events: number;
  wallMs: number;
}

/** A run's figures; byte counts are real-equivalent (simulated bytes x scale). */
export interface SimResult {
  scenario: Scenario;
  viewers: number;
  /** Bytes the viewers received: over HTTP (loader and player fallbacks) and from peers. */
  httpBytes: number;
  fallbackBytes: number;
  p2pBytes: number;
  p2pShare: number;
  /**
   * 1 - (bytes of the distinct segments anyone buffered) / (bytes all viewers buffered): the
   * share if the origin served each segment once and peers carried every other copy.
   */
  idealShare: number;
  stalls: number;
  stallSeconds: number;
  /** Viewers that stalled at least once. */
  stalledViewers: number;
  meanStartupMs: number;
  corrupt: number;
  originBytes: number;
  originAvgMbps: number;
  originPeakMbps: number;
  /** Messages each viewer sent per second online, on average. */
  messagesPerPeerSecond: number;
  announcesPerSecond: number;
  /** Peers connected per viewer at the end, on average over those still online. */
  meanConnectedPeers: number;
  subsetSizes: Record<string, number>;
  events: number;
  wallSeconds: number;
}

const sum = <T>(items: readonly T[], pick: (item: T) => number) =>
  items.reduce((total, item) => total + pick(item), 0);

const mbps = (bytes: number, ms: number) => (ms > 0 ? (bytes * 8) / ms / 1000 : 0);

export function summarize(input: SummaryInput): SimResult {
  const { scenario, records } = input;
  const scale = scenario.scale;
  const stats = records.map((record) => record.stats);
  const http = sum(stats, (s) => s.httpBytes);
  const fallback = sum(stats, (s) => s.fallbackBytes);
  const p2p = sum(stats, (s) => s.p2pBytes);
  const delivered = http + fallback + p2p;
  const buffered = sum(stats, (s) => s.appended);
  const started = stats.filter((s) => s.startupMs !== undefined);
  const onlineMs = sum(records, (r) => r.onlineMs);
  const stillOnline = records.filter((r) => r.connectedPeers > 0);
  const durationMs = scenario.minutes * 60_000;
  const fullWindows = input.originWindows.slice(0, Math.floor(durationMs / CDN_WINDOW_MS));
  return {
    scenario,
    viewers: records.length,
    httpBytes: (http + fallback) * scale,
    fallbackBytes: fallback * scale,
    p2pBytes: p2p * scale,
    p2pShare: delivered > 0 ? p2p / delivered : 0,
    idealShare: buffered > 0 ? 1 - input.distinctSegments / buffered : 0,
    stalls: sum(stats, (s) => s.stalls),
    stallSeconds: sum(stats, (s) => s.stallMs) / 1000,
    stalledViewers: stats.filter((s) => s.stalls > 0).length,
    meanStartupMs: started.length > 0 ? sum(started, (s) => s.startupMs ?? 0) / started.length : 0,
    corrupt: sum(stats, (s) => s.corrupt),
    originBytes: input.originBytes * scale,
    originAvgMbps: mbps(input.originBytes * scale, durationMs),
    originPeakMbps: mbps(Math.max(0, ...fullWindows) * scale, CDN_WINDOW_MS),
    messagesPerPeerSecond:
      onlineMs > 0 ? sum(records, (r) => r.sentMessages) / (onlineMs / 1000) : 0,
    announcesPerSecond: input.announces / (durationMs / 1000),
    meanConnectedPeers:
      stillOnline.length > 0 ? sum(stillOnline, (r) => r.connectedPeers) / stillOnline.length : 0,
    subsetSizes: Object.fromEntries(
      [...input.subsetSizes].sort((a, b) => a[0] - b[0]).map(([size, n]) => [String(size), n]),
    ),
    events: input.events,
    wallSeconds: input.wallMs / 1000,
  };
}
