/** The benchmark's pooling, its targets as ratios between arms, and BENCHMARKS.md's regions. */
import { describe, expect, it } from "vitest";
import {
  armFigures,
  targetChecks,
  type ArmRun,
  type ScenarioResult,
} from "../../harness/bench/compare";
import { replaceRegion, scenarioMarkdown } from "../../harness/bench/markdown";
import type { SummaryRow } from "../../harness/browser/report-summary";

function row(label: string, patch: Partial<SummaryRow>): SummaryRow {
  return {
    label,
    httpBytes: 0,
    p2pBytes: 0,
    uploadedBytes: 0,
    pageHttpBytes: 0,
    p2pShare: null,
    stalls: 0,
    stallMs: 0,
    firstFrameMs: null,
    ended: true,
    errors: 0,
    ...patch,
  };
}

/**
 * A run of two viewers: `p2p` of 100 bytes each from peers, first frames as given; `once` is one
 * copy of every distinct segment the origin served.
 */
function run(
  p2p: number,
  firstFrames: [number, number],
  stalls = 0,
  origin = 200,
  once = 100,
): ArmRun {
  const viewers = firstFrames.map((ms, index) =>
    row(`v${String(index + 1)}`, { httpBytes: 100 - p2p, p2pBytes: p2p, firstFrameMs: ms, stalls }),
  );
  return {
    summary: {
      viewers,
      total: row("total", { httpBytes: 2 * (100 - p2p), p2pBytes: 2 * p2p }),
      originBytes: origin,
      originOnceBytes: once,
      withoutP2PBytes: 200,
      offload: null,
      idealShare: 0.5,
      shareOfIdeal: null,
    },
    elapsedMs: 1000,
    cpuBusy: 0.5,
  };
}

const scenario = (live: boolean) => ({
  name: live ? "live-2" : "vod-2",
  player: "hls" as const,
  live,
  viewers: 2,
  seconds: 10,
  joinGapS: 1,
  modes: ["none", "extension", "p2pml"] as const,
});

describe("the benchmark's comparison", () => {
  const result: ScenarioResult = {
    scenario: scenario(false),
    arms: {
      none: [run(0, [400, 400], 0, 200)],
      extension: [run(40, [420, 440], 0, 120), run(50, [400, 400], 1, 100)],
      p2pml: [run(30, [500, 500], 0, 140)],
    },
  };

  it("pools repeats: shares over all bytes, the origin per run, first frames over all viewers", () => {
    const [none, ext, anchor] = armFigures(result);
    expect(none?.mode).toBe("none");
    expect(ext?.runs).toBe(2);
    expect(ext?.p2pShare).toBeCloseTo(0.45);
    expect(ext?.shareOfIdeal).toBeCloseTo(0.9);
    expect(ext?.originBytes).toBe(110);
    expect(ext?.offload).toBeCloseTo(1 - 110 / 200);
    expect(ext?.firstFrameMeanMs).toBe(415);
    expect(ext?.firstFrameMedianMs).toBe(410);
    expect(ext?.stalls).toBe(2);
    expect(anchor?.p2pShare).toBeCloseTo(0.3);
    // The baseline's origin served 100 distinct bytes of the 200 delivered.
    expect(ext?.reachableShare).toBeCloseTo(0.5);
    expect(ext?.shareOfReachable).toBeCloseTo(0.9);
  });

  it("checks each target against the arms of the same run, and says which are missed", () => {
    const checks = targetChecks(result);
    expect(checks.map((check) => [check.target.split(" ")[0], check.met])).toEqual([
      ["P2P", false], // 90.0% of the ideal, VOD goal 92%
      ["no", false], // 2 stalls vs 0
      ["time", true], // 415 vs 400 ms
      ["P2P", true], // 45% vs 30%
    ]);
    // Live: against what the baseline shows a perfect swarm could reach (1 - 120 / 200 = 40%).
    const live = targetChecks({
      scenario: scenario(true),
      arms: { ...result.arms, none: [run(0, [400, 400], 0, 200, 120)] },
    });
    expect(live[0]).toMatchObject({
      target: "P2P share >= 88.0% of the reachable ideal (40.0%)",
      measured: "45.0% = 112.5% of it (90.0% of 1 - 1/N)",
      met: true,
    });
    const alone = targetChecks({
      scenario: scenario(true),
      arms: { extension: result.arms.extension ?? [] },
    });
    expect(alone[0]).toMatchObject({
      target: "P2P share >= 88.0% of the ideal (50.0%)",
      met: true,
    });
    const slow = targetChecks({
      ...result,
      arms: { ...result.arms, extension: [run(40, [500, 460])] },
    });
    expect(slow.map((check) => check.met)).toEqual([false, true, false, true]);
  });

  it("renders a table per scenario and replaces only its own region of BENCHMARKS.md", () => {
    const table = scenarioMarkdown(result, "VOD, 2 viewers");
    expect(table).toContain("VOD, 2 viewers");
    expect(table).toMatch(/P2P Media Loader|p2pml/);
    const doc = "# B\n\nprose\n<!-- bench:browser -->\nold\n<!-- /bench:browser -->\nmore prose\n";
    const updated = replaceRegion(doc, "bench:browser", "new");
    expect(updated).toBe(
      "# B\n\nprose\n<!-- bench:browser -->\nnew\n<!-- /bench:browser -->\nmore prose\n",
    );
    expect(replaceRegion("# B\n", "bench:handoff", "x")).toBe(
      "# B\n\n<!-- bench:handoff -->\nx\n<!-- /bench:handoff -->\n",
    );
  });
});
