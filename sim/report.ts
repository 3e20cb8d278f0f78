import type { SimResult } from "./summary.js";

const pct = (value: number) => `${(100 * value).toFixed(1)}%`;
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const gb = (bytes: number) => (bytes / 1e9).toFixed(2);

export const TABLE_COLUMNS = [
  "peers",
  "mode",
  "churn",
  "P2P share",
  "ideal",
  "of ideal",
  "stalls (s)",
  "origin GB",
  "origin avg/peak Mbit/s",
  "msgs/peer/s",
  "announces/s",
  "peers/viewer",
  "wall s",
] as const;

/** One table row of a run's figures. */
export function tableRow(result: SimResult): string[] {
  const { scenario } = result;
  return [
    scenario.seed < 0 ? `mean ${String(scenario.peers)}` : String(scenario.peers),
    scenario.mode,
    scenario.churnMinutes > 0 ? `${String(scenario.churnMinutes)} min` : "none",
    pct(result.p2pShare),
    pct(result.idealShare),
    result.idealShare > 0 ? pct(result.p2pShare / result.idealShare) : "-",
    `${fixed(result.stalls, Number.isInteger(result.stalls) ? 0 : 1)} (${fixed(result.stallSeconds)})`,
    gb(result.originBytes),
    `${fixed(result.originAvgMbps)} / ${fixed(result.originPeakMbps)}`,
    fixed(result.messagesPerPeerSecond),
    fixed(result.announcesPerSecond, 2),
    fixed(result.meanConnectedPeers),
    fixed(result.wallSeconds),
  ];
}

/** A plain-text table (also valid Markdown): a header, a rule, then one line per row. */
export function formatTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** What the figures are, printed under the table. */
export function tableNotes(results: readonly SimResult[]): string {
  const first = results[0];
  if (!first) return "";
  const s = first.scenario;
  const seeds = [...new Set(results.map((r) => r.scenario.seed).filter((seed) => seed >= 0))].join(
    ",",
  );
  const segmentKiB = ((s.bitrate / 8) * s.segmentSeconds) / 1024;
  return [
    `Stream ${String(s.bitrate / 1e6)} Mbit/s in ${String(s.segmentSeconds)} s segments ` +
      `(${segmentKiB.toFixed(0)} KiB), ${s.bandwidth} bandwidth profile, ${String(s.minutes)} simulated min, seed ${seeds}.`,
    `Simulated at 1/${String(s.scale)} byte scale (payloads, bandwidths, message and chunk sizes); figures are real-equivalent.`,
    "ideal = 1 - (bytes of distinct segments buffered by anyone) / (bytes buffered by all viewers): " +
      "each segment from the origin once (1 - 1/N for N viewers of the same VOD).",
    "origin peak over 10 s windows; msgs/peer/s = wire messages a viewer sent per second online; " +
      "peers/viewer = connected peers at the end.",
  ].join("\n");
}

/** The mean of runs of one scenario over several seeds (numeric figures averaged). */
export function meanOf(results: readonly SimResult[]): SimResult | undefined {
  const first = results[0];
  if (!first) return undefined;
  const mean = { ...first, scenario: { ...first.scenario, seed: -1 } };
  for (const key of Object.keys(first) as (keyof SimResult)[]) {
    if (typeof first[key] !== "number") continue;
    const total = results.reduce((sum, result) => sum + (result[key] as number), 0);
    (mean as Record<string, unknown>)[key] = total / results.length;
  }
  return mean;
}
