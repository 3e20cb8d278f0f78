/**
 * The benchmark's comparison, pure: for one scenario (a stream, a number of viewers, a join
 * schedule) the runs of each arm — no extension (baseline), this extension, P2P Media Loader in
 * the page — pooled over repeats, as the figures BENCHMARKS.md shows, and the targets as
 * ratios between the arms of the same run.
 */
import type { PlayerName } from "../browser/players.js";
import type { RunSummary } from "../browser/report-summary.js";
import type { ViewerMode } from "../browser/viewer.js";

export interface BenchScenario {
  /** e.g. "vod-4", "live-4-shaka". */
  name: string;
  /** The viewers' player (harness/browser/players.ts). */
  player: PlayerName;
  live: boolean;
  viewers: number;
  /** Stream duration. */
  seconds: number;
  joinGapS: number;
  /** Which arms run (the scale scenarios may leave one out). */
  modes: readonly ViewerMode[];
}

/** One run of one arm. */
export interface ArmRun {
  summary: RunSummary;
  elapsedMs: number;
  /** Machine CPU busy share over the run (0-1), null where unknown. */
  cpuBusy: number | null;
}

export interface ScenarioResult {
  scenario: BenchScenario;
  arms: Partial<Record<ViewerMode, ArmRun[]>>;
}

/** An arm's figures pooled over its runs. */
export interface ArmFigures {
  mode: ViewerMode;
  runs: number;
  /** P2P bytes / delivered bytes, all viewers of all runs. */
  p2pShare: number;
  idealShare: number;
  shareOfIdeal: number;
  /**
   * The share a perfect swarm could reach in this scenario: 1 - (one copy of every distinct
   * segment the origin served) / (all bytes delivered), read from the baseline's runs (null
   * without them). In VOD about 1 - 1/N; in live less, since a viewer who joins later never
   * wants the segments that left the window before it came, and pays for none of them.
   */
  reachableShare: number | null;
  shareOfReachable: number | null;
  /** Mean segment bytes the origin served per run. */
  originBytes: number;
  /** 1 - origin bytes / the baseline's origin bytes (null without a baseline). */
  offload: number | null;
  stalls: number;
  stallMs: number;
  /** Mean and median time to first frame over every viewer of every run (ms). */
  firstFrameMeanMs: number | null;
  firstFrameMedianMs: number | null;
  errors: number;
  allEnded: boolean;
  /** Per viewer: mean engine CPU (ms) over the run and mean peak resident memory (bytes). */
  engineCpuMs: number | null;
  engineRssBytes: number | null;
  cpuBusy: number | null;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? null)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function reachableShare(baseline: readonly ArmRun[] | undefined): number | null {
  if (baseline === undefined || baseline.length === 0) return null;
  const once = sum(baseline.map((run) => run.summary.originOnceBytes));
  const delivered = sum(
    baseline.map((run) => run.summary.total.httpBytes + run.summary.total.p2pBytes),
  );
  return delivered === 0 ? null : 1 - once / delivered;
}

function pool(mode: ViewerMode, runs: readonly ArmRun[], baseline?: readonly ArmRun[]): ArmFigures {
  const summaries = runs.map((run) => run.summary);
  const viewers = summaries.flatMap((summary) => summary.viewers);
  const p2p = sum(summaries.map((s) => s.total.p2pBytes));
  const delivered = sum(summaries.map((s) => s.total.p2pBytes + s.total.httpBytes));
  const p2pShare = delivered === 0 ? 0 : p2p / delivered;
  const idealShare = summaries[0]?.idealShare ?? 0;
  const origin = sum(summaries.map((s) => s.originBytes));
  const baseOrigin =
    baseline === undefined ? 0 : sum(baseline.map((run) => run.summary.originBytes));
  const firstFrames = viewers.flatMap((v) => (v.firstFrameMs === null ? [] : [v.firstFrameMs]));
  const engineCpu = viewers.flatMap((v) => (v.engineCpuMs === undefined ? [] : [v.engineCpuMs]));
  const engineRss = viewers.flatMap((v) =>
    v.engineRssBytes === undefined ? [] : [v.engineRssBytes],
  );
  const busy = runs.flatMap((run) => (run.cpuBusy === null ? [] : [run.cpuBusy]));
  const reachable = reachableShare(baseline);
  return {
    mode,
    runs: runs.length,
    p2pShare,
    idealShare,
    shareOfIdeal: idealShare === 0 ? 0 : p2pShare / idealShare,
    reachableShare: reachable,
    shareOfReachable: reachable === null || reachable <= 0 ? null : p2pShare / reachable,
    originBytes: origin / Math.max(1, runs.length),
    // Per run on both sides: the arms may have run a different number of times.
    offload:
      baseline === undefined || baseOrigin === 0
        ? null
        : 1 - origin / runs.length / (baseOrigin / baseline.length),
    stalls: sum(viewers.map((v) => v.stalls)),
    stallMs: sum(viewers.map((v) => v.stallMs)),
    firstFrameMeanMs: mean(firstFrames),
    firstFrameMedianMs: median(firstFrames),
    errors: sum(viewers.map((v) => v.errors)),
    allEnded: viewers.every((v) => v.ended),
    engineCpuMs: mean(engineCpu),
    engineRssBytes: mean(engineRss),
    cpuBusy: mean(busy),
  };
}

/** Every arm of a scenario, pooled; the baseline first. */
export function armFigures(result: ScenarioResult): ArmFigures[] {
  const baseline = result.arms.none;
  return (["none", "extension", "p2pml"] as const).flatMap((mode) => {
    const runs = result.arms[mode];
    return runs === undefined || runs.length === 0 ? [] : [pool(mode, runs, baseline)];
  });
}

export interface TargetCheck {
  target: string;
  /** What was measured, as text. */
  measured: string;
  met: boolean;
}

const pct = (ratio: number) => `${(100 * ratio).toFixed(1)}%`;

/** The share targets (issue 15): of the ideal 1 - 1/N for VOD, of the reachable ideal for live. */
const VOD_GOAL = 0.92;
const LIVE_GOAL = 0.88;

/**
 * The targets for this extension, each a ratio between arms of the same run: P2P share
 * at least 92% of the ideal 1 - 1/N (VOD) or 88% of the reachable ideal (live: ArmFigures
 * reachableShare; 1 - 1/N where the run has no baseline); no more stalls than the baseline;
 * time to first frame within 10% of the baseline's (mean over viewers); P2P share at least the
 * anchor's.
 */
export function targetChecks(result: ScenarioResult): TargetCheck[] {
  const figures = new Map(armFigures(result).map((arm) => [arm.mode, arm]));
  const ext = figures.get("extension");
  if (ext === undefined) return [];
  const checks: TargetCheck[] = [];
  if (result.scenario.live && ext.reachableShare !== null && ext.shareOfReachable !== null) {
    checks.push({
      target: `P2P share >= ${pct(LIVE_GOAL)} of the reachable ideal (${pct(ext.reachableShare)})`,
      measured:
        `${pct(ext.p2pShare)} = ${pct(ext.shareOfReachable)} of it ` +
        `(${pct(ext.shareOfIdeal)} of 1 - 1/N)`,
      met: ext.shareOfReachable >= LIVE_GOAL,
    });
  } else {
    const goal = result.scenario.live ? LIVE_GOAL : VOD_GOAL;
    checks.push({
      target: `P2P share >= ${pct(goal)} of the ideal (${pct(ext.idealShare)})`,
      measured: `${pct(ext.p2pShare)} = ${pct(ext.shareOfIdeal)} of the ideal`,
      met: ext.shareOfIdeal >= goal,
    });
  }
  const none = figures.get("none");
  if (none !== undefined) {
    checks.push({
      target: "no more stalls than without the extension",
      measured: `${String(ext.stalls)} vs ${String(none.stalls)}`,
      met: ext.stalls <= none.stalls,
    });
    if (ext.firstFrameMeanMs !== null && none.firstFrameMeanMs !== null) {
      const ratio = ext.firstFrameMeanMs / none.firstFrameMeanMs;
      checks.push({
        target: "time to first frame within 10% of without the extension",
        measured: `${ext.firstFrameMeanMs.toFixed(0)} vs ${none.firstFrameMeanMs.toFixed(0)} ms (x${ratio.toFixed(2)})`,
        met: ratio <= 1.1,
      });
    }
  }
  const anchor = figures.get("p2pml");
  if (anchor !== undefined) {
    checks.push({
      target: "P2P share at least P2P Media Loader's",
      measured: `${pct(ext.p2pShare)} vs ${pct(anchor.p2pShare)}`,
      met: ext.p2pShare >= anchor.p2pShare,
    });
  }
  return checks;
}
