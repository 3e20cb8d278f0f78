/**
 * The browser swarm, shared by the demo and the benchmark: ffmpeg-made test streams, a local
 * bittorrent-tracker server, the stream server (counts the bytes it serves; VOD files and an HLS
 * live window), and N Chromium or Firefox viewers (or both, alternating) joining `joinGapMs` apart, each playing the whole stream
 * at normal speed in one of three modes (viewer.ts). Every second it reads every viewer (bytes by
 * source, peers, position, stalls) and reports progress; it ends when every viewer's media
 * element has ended or its time is up, and returns per-viewer reports with their time series.
 * Must run inside scripts/netns.sh.
 */
import { join } from "node:path";
import type { StoredSettings } from "../../messaging/stored-settings.js";
import {
  makeDashVod,
  makeHlsLadder,
  makeHlsVod,
  type Rendition,
  type StreamOptions,
  type StreamSegment,
} from "../streams.js";
import { startTracker, type LocalTracker } from "../tracker.js";
import { sleep } from "../wait.js";
import { bundleScript } from "./bundle.js";
import { streamKindFor, type PlayerName, type StreamKind } from "./players.js";
import { startStreamServer, type StreamServer } from "./stream-server.js";
import type { P2pmlPage } from "./p2pml-seam.js";
import {
  startViewer,
  type IntegrityTotals,
  type Viewer,
  type ViewerBrowser,
  type ViewerEngineMetrics,
  type ViewerMode,
  type ViewerState,
} from "./viewer.js";

/** The viewers' browsers: all Chromium, all Firefox, or alternating (v1 Chromium, v2 Firefox...). */
export type SwarmBrowser = ViewerBrowser | "mixed";

/** The browser of viewer `index` (0-based) in a swarm of `browser`. */
export const browserOf = (browser: SwarmBrowser, index: number): ViewerBrowser =>
  browser === "mixed" ? (index % 2 === 0 ? "chromium" : "firefox") : browser;

export interface BrowserSwarmOptions {
  viewers: number;
  /** Between two viewers' joins (each join = launching its browser and starting to play). */
  joinGapMs: number;
  player: PlayerName;
  mode: ViewerMode;
  /** Default chromium; Firefox viewers run modes extension and none (firefox-viewer.ts). */
  browser?: SwarmBrowser;
  live: boolean;
  stream: StreamOptions;
  /**
   * Lower renditions under `stream` (the top one): HLS VOD then plays a multivariant playlist
   * (makeHlsLadder). DASH and live streams have one rendition.
   */
  lowerRenditions?: readonly Rendition[];
  headed?: boolean;
  /** Extension settings over the local-swarm preset (extension mode). */
  settings?: StoredSettings;
  /** Required for mode "p2pml": the page that brings P2P Media Loader. */
  p2pmlPage?: P2pmlPage;
  /** Live window: segments listed, and already published at the start (default 6 and 4). */
  liveWindow?: { windowSegments: number; initialSegments: number };
  /** A viewer that has not ended this long after joining is stopped (default 2x stream + 60 s). */
  viewerTimeoutMs?: number;
  onProgress?: (progress: SwarmProgress) => void;
}

export interface ViewerProgress {
  index: number;
  browser: ViewerBrowser;
  state: ViewerState;
}

export interface SwarmProgress {
  /** Seconds since the first join. */
  t: number;
  viewers: ViewerProgress[];
  originSegmentBytes: number;
}

export interface ViewerSample {
  t: number;
  http: number;
  p2p: number;
  position: number;
}

export interface ViewerReport {
  index: number;
  browser: ViewerBrowser;
  /** Seconds after the first join at which this viewer joined. */
  joinedAt: number;
  httpBytes: number;
  p2pBytes: number;
  /** null where not measured (Firefox with the extension: firefox-viewer.ts). */
  uploadedBytes: number | null;
  /** Segment bytes the page fetched itself (part of httpBytes). */
  pageHttpBytes: number;
  peers: number | null;
  stalls: number;
  stallMs: number;
  /** ms from asking the page to play to the first frame; null if none came. */
  firstFrameMs: number | null;
  position: number;
  ended: boolean;
  errors: string[];
  samples: ViewerSample[];
  /** The engine host's cost at the end, and its peak resident memory (extension mode). */
  engine?: ViewerEngineMetrics & { peakRssBytes: number };
  /** The engine's integrity checks of peer bytes at the end (extension mode). */
  integrity?: IntegrityTotals;
}

export interface BrowserSwarmResult {
  mode: ViewerMode;
  browser: SwarmBrowser;
  player: PlayerName;
  stream: StreamKind;
  viewers: ViewerReport[];
  /** Segment bytes the stream server served (all viewers). */
  originBytes: number;
  /**
   * One copy of each distinct segment it served: the least any swarm could have taken from it.
   * In a run without P2P, every segment some viewer played (a live window's segments included).
   */
  originOnceBytes: number;
  /** Manifest bytes it served (playlists refreshed by live players add up). */
  manifestBytes: number;
  /** One copy of the stream's segments (VOD: what one viewer needs). */
  streamBytes: number;
  /** The stream server's segment bytes over time. */
  originSamples: { t: number; bytes: number }[];
  elapsedMs: number;
}

const HERE = import.meta.dirname;
const SAMPLE_MS = 1000;

interface Prepared {
  kind: StreamKind;
  server: StreamServer;
  tracker: LocalTracker;
  manifestUrl: string;
  probeScript: string;
  segments: StreamSegment[];
}

async function prepare(options: BrowserSwarmOptions): Promise<Prepared> {
  if (process.env.P2PV_NETNS !== "1") {
    throw new Error("Run this inside scripts/netns.sh (a private network namespace).");
  }
  if (options.mode === "p2pml" && (options.browser ?? "chromium") !== "chromium") {
    throw new Error('mode "p2pml" runs in Chromium viewers only');
  }
  if (options.mode === "p2pml" && options.p2pmlPage === undefined) {
    throw new Error('mode "p2pml" needs p2pmlPage (the P2P Media Loader page)');
  }
  const kind = streamKindFor(options.player, options.live);
  if (options.mode === "p2pml" && kind === "dash-vod") {
    throw new Error("the P2P Media Loader page plays HLS (hls.js): use player hls");
  }
  const ladder = kind === "hls-vod" && (options.lowerRenditions?.length ?? 0) > 0;
  const [hls, dash, viewerScript, probeScript] = await Promise.all([
    ladder
      ? makeHlsLadder(options.stream, options.lowerRenditions ?? [])
      : makeHlsVod(options.stream),
    kind === "dash-vod" ? makeDashVod({ ...options.stream, addressing: "number" }) : undefined,
    bundleScript(join(HERE, "page", "viewer-page.ts")),
    bundleScript(join(HERE, "page", "playback-probe.ts")),
  ]);
  const tracker = await startTracker();
  const server = await startStreamServer({
    hls,
    ...(dash === undefined ? {} : { dash }),
    viewerScript,
    live: options.liveWindow ?? { windowSegments: 6, initialSegments: 4 },
    ...(options.p2pmlPage === undefined ? {} : { files: options.p2pmlPage.files }),
  });
  const manifestUrl =
    kind === "hls-live"
      ? server.hlsLiveUrl
      : kind === "dash-vod"
        ? (server.dashVodUrl ?? "")
        : server.hlsVodUrl;
  return {
    kind,
    server,
    tracker,
    manifestUrl,
    probeScript,
    segments: dash?.segments ?? hls.segments,
  };
}

/** Runs the swarm to its end; see the file comment. */
export async function runBrowserSwarm(options: BrowserSwarmOptions): Promise<BrowserSwarmResult> {
  const prepared = await prepare(options);
  const { server, tracker } = prepared;
  const timeoutMs = options.viewerTimeoutMs ?? (options.stream.seconds * 2 + 60) * 1000;
  const viewers: Viewer[] = [];
  const joins: Promise<void>[] = [];
  const reports: ViewerReport[] = [];
  const latest = new Map<number, ViewerState>();
  const originSamples: BrowserSwarmResult["originSamples"] = [];
  const failures: unknown[] = [];
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;

  const join = async (index: number) => {
    const joinedAt = seconds();
    const browser = browserOf(options.browser ?? "chromium", index);
    const viewer = await startViewer({
      index,
      mode: options.mode,
      browser,
      player: options.player,
      manifestUrl: prepared.manifestUrl,
      server,
      trackerUrl: tracker.url,
      probeScript: prepared.probeScript,
      headed: options.headed === true,
      timeoutMs,
      ...(options.settings === undefined ? {} : { settings: options.settings }),
      ...(options.p2pmlPage === undefined ? {} : { p2pmlPage: options.p2pmlPage }),
    });
    viewers.push(viewer);
    reports[index] = emptyReport(index, browser, joinedAt);
  };

  const sampleAll = async () => {
    const t = seconds();
    await Promise.all(
      viewers.map(async (viewer) => {
        const [state, engine] = await Promise.all([
          viewer.sample().catch(() => undefined),
          viewer.engine().catch(() => undefined),
        ]);
        const report = reports[viewer.index];
        if (state === undefined || report === undefined) return;
        if (engine !== undefined) {
          const peak = Math.max(report.engine?.peakRssBytes ?? 0, engine.extensionProcessRssBytes);
          report.engine = { ...engine, peakRssBytes: peak };
        }
        latest.set(viewer.index, state);
        applyState(report, state);
        report.samples.push({
          t,
          http: state.httpBytes,
          p2p: state.p2pBytes,
          position: state.probe.position,
        });
      }),
    );
    const originSegmentBytes = server.served().segments;
    originSamples.push({ t, bytes: originSegmentBytes });
    const progress = [...latest].map(([index, state]) => ({
      index,
      browser: browserOf(options.browser ?? "chromium", index),
      state,
    }));
    progress.sort((a, b) => a.index - b.index);
    options.onProgress?.({ t, viewers: progress, originSegmentBytes });
  };

  /** Once every viewer has joined: each has ended, or its time is up. */
  const finished = () =>
    reports.every((report) => report.ended || seconds() - report.joinedAt > timeoutMs / 1000);

  // Readings every second, whatever the joins are doing (a browser launch takes seconds).
  const sampling = new AbortController();
  const ticker = (async () => {
    while (!sampling.signal.aborted) {
      const next = performance.now() + SAMPLE_MS;
      await sampleAll();
      await sleep(Math.max(0, next - performance.now()));
    }
  })();
  try {
    for (let index = 0; index < options.viewers; index++) {
      await sleep(Math.max(0, started + index * options.joinGapMs - performance.now()));
      joins.push(
        join(index).catch((error: unknown) => {
          failures.push(error);
        }),
      );
    }
    await Promise.all(joins);
    if (failures.length > 0) throw failures[0];
    while (!finished()) await sleep(250);
    sampling.abort();
    await ticker;
    await sampleAll();
    for (const viewer of viewers) {
      const integrity = await viewer.integrity().catch(() => undefined);
      const report = reports[viewer.index];
      if (integrity !== undefined && report !== undefined) report.integrity = integrity;
    }
    const served = server.served();
    return {
      mode: options.mode,
      browser: options.browser ?? "chromium",
      player: options.player,
      stream: prepared.kind,
      viewers: reports,
      originBytes: served.segments,
      originOnceBytes: server.servedOnce().segments,
      manifestBytes: served.manifests,
      streamBytes: prepared.segments.reduce((sum, segment) => sum + segment.bytes, 0),
      originSamples,
      elapsedMs: performance.now() - started,
    };
  } finally {
    sampling.abort();
    await ticker;
    await Promise.allSettled(joins);
    await Promise.allSettled(viewers.map((viewer) => viewer.close()));
    await server.close();
    await tracker.close();
  }
}

function emptyReport(index: number, browser: ViewerBrowser, joinedAt: number): ViewerReport {
  return {
    index,
    browser,
    joinedAt,
    httpBytes: 0,
    p2pBytes: 0,
    uploadedBytes: 0,
    pageHttpBytes: 0,
    peers: 0,
    stalls: 0,
    stallMs: 0,
    firstFrameMs: null,
    position: 0,
    ended: false,
    errors: [],
    samples: [],
  };
}

function applyState(report: ViewerReport, state: ViewerState): void {
  report.httpBytes = state.httpBytes;
  report.p2pBytes = state.p2pBytes;
  report.uploadedBytes = state.uploadedBytes;
  report.pageHttpBytes = state.pageHttpBytes;
  report.peers = state.peers;
  report.stalls = state.probe.stalls;
  report.stallMs = state.probe.stallMs;
  report.firstFrameMs = state.probe.firstFrameMs;
  report.position = state.probe.position;
  report.ended = state.probe.ended;
  report.errors = state.errors;
}
