/**
 * The benchmark's figures as Markdown for BENCHMARKS.md: a table per scenario (one row per arm),
 * the targets with met or missed, the hand-off and pass-through table, and the replacement of a
 * generated region (between `<!-- name -->` and `<!-- /name -->`) in an existing document, so
 * the prose around the figures stays as written.
 */
import { armFigures, targetChecks, type ScenarioResult } from "./compare.js";

const ARM: Record<string, string> = {
  none: "no extension (baseline)",
  extension: "this extension",
  p2pml: "P2P Media Loader 2.3.1 in the page",
};

const pct = (ratio: number | null) => (ratio === null ? "-" : `${(100 * ratio).toFixed(1)}%`);
const mib = (bytes: number | null) => (bytes === null ? "-" : (bytes / 1024 / 1024).toFixed(2));
const ms = (value: number | null) => (value === null ? "-" : value.toFixed(0));
const seconds = (value: number) => (value / 1000).toFixed(1);

/** One scenario: its arms and its targets. */
export function scenarioMarkdown(result: ScenarioResult, title: string): string {
  const rows = armFigures(result).map((arm) =>
    [
      ARM[arm.mode] ?? arm.mode,
      pct(arm.p2pShare),
      arm.mode === "none" ? "-" : pct(arm.shareOfIdeal),
      arm.mode === "none" ? pct(arm.reachableShare) : pct(arm.shareOfReachable),
      mib(arm.originBytes),
      arm.mode === "none" ? "-" : pct(arm.offload),
      `${String(arm.stalls)} (${seconds(arm.stallMs)} s)`,
      `${ms(arm.firstFrameMeanMs)} / ${ms(arm.firstFrameMedianMs)}`,
      `${String(arm.errors)}${arm.allEnded ? "" : ", not all ended"}`,
      arm.engineCpuMs === null
        ? "-"
        : `${seconds(arm.engineCpuMs)} s / ${mib(arm.engineRssBytes)} MiB`,
      pct(arm.cpuBusy),
    ].join(" | "),
  );
  const checks = targetChecks(result).map(
    (check) => `| ${check.target} | ${check.measured} | ${check.met ? "met" : "**missed**"} |`,
  );
  const runs = Math.max(...Object.values(result.arms).map((list) => list.length));
  return [
    `#### ${title}`,
    "",
    `ideal P2P share for ${String(result.scenario.viewers)} viewers: 1 - 1/N = ` +
      `${pct(1 - 1 / result.scenario.viewers)}; ${String(runs)} run(s) per arm, pooled`,
    "",
    "| arm | P2P share | of ideal | of reachable (baseline: reachable share) | origin MiB | offload | stalls (time) | first frame mean / median ms | errors | engine CPU / peak RSS per viewer | machine CPU busy |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row} |`),
    "",
    ...(checks.length === 0
      ? []
      : ["| target | measured | |", "| --- | --- | --- |", ...checks, ""]),
  ].join("\n");
}

export interface HandoffRow {
  measure: string;
  route: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
}

export function handoffMarkdown(rows: readonly HandoffRow[]): string {
  return [
    "| measure | route | runs | median ms | p95 ms |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.measure} | ${r.route} | ${String(r.runs)} | ${r.medianMs.toFixed(1)} | ${r.p95Ms.toFixed(1)} |`,
    ),
    "",
  ].join("\n");
}

/**
 * `doc` with the region `name` replaced by `content` (markers kept); the region is appended
 * when the document has none yet.
 */
export function replaceRegion(doc: string, name: string, content: string): string {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const block = `${open}\n${content.trimEnd()}\n${close}`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start === -1 || end === -1 || end < start) return `${doc.trimEnd()}\n\n${block}\n`;
  return doc.slice(0, start) + block + doc.slice(end + close.length);
}
