/**
 * The browser swarm as text for a terminal: one progress line per second and the summary table
 * at the end (report-summary.ts computes the figures).
 */
import type { RunSummary, SummaryRow } from "./report-summary.js";
import type { SwarmProgress } from "./swarm.js";
import type { IntegrityTotals } from "./viewer.js";

export const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
export const percent = (ratio: number | null) =>
  ratio === null ? "-" : `${(100 * ratio).toFixed(1)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What the progress line's cells mean (printed once before the first one). */
export const PROGRESS_LEGEND =
  "progress: per viewer, playback position, HTTP / P2P MiB received, peers; then the origin's served MiB";

/** `t  12 s | v1 14.2s 3.10/1.20 2p | v2 ... | origin 5.20 MiB` */
export function progressLine(progress: SwarmProgress): string {
  const cells = progress.viewers.map(({ index, browser, state }) => {
    const position = state.probe.ended ? "end" : `${state.probe.position.toFixed(1)}s`;
    return (
      `v${String(index + 1)}${browser === "firefox" ? " ff" : ""} ${position.padStart(5)} ` +
      `${mib(state.httpBytes)}/${mib(state.p2pBytes)} ${state.peers === null ? "?" : String(state.peers)}p`
    );
  });
  return [
    `t ${progress.t.toFixed(0).padStart(3)} s`,
    ...cells,
    `origin ${mib(progress.originSegmentBytes)} MiB`,
  ].join(" | ");
}

/** One row of the summary table as text cells (the terminal and the HTML report share them). */
export function summaryCells(row: SummaryRow, engine: boolean): string[] {
  const firstFrame =
    row.firstFrameMs === null
      ? "-"
      : `${row.label === "total" ? "avg " : ""}${row.firstFrameMs.toFixed(0)} ms`;
  const out = [
    row.label,
    mib(row.httpBytes),
    mib(row.p2pBytes),
    row.uploadedBytes === null ? "-" : mib(row.uploadedBytes),
    percent(row.p2pShare),
    `${String(row.stalls)} (${seconds(row.stallMs)})`,
    firstFrame,
    row.label === "total" ? "" : row.ended ? "yes" : "no",
    String(row.errors),
  ];
  if (engine) {
    out.push(
      row.engineCpuMs === undefined ? "-" : seconds(row.engineCpuMs),
      row.engineRssBytes === undefined ? "-" : mib(row.engineRssBytes),
    );
  }
  return out;
}

const BASE_HEADERS = [
  "viewer",
  "HTTP MiB",
  "P2P MiB",
  "uploaded MiB",
  "P2P share",
  "stalls (time)",
  "first frame",
  "ended",
  "errors",
];

/** The summary table's column names; the engine columns only for runs with the extension. */
export function summaryHeaders(engine: boolean): string[] {
  return engine ? [...BASE_HEADERS, "engine CPU", "engine peak MiB"] : BASE_HEADERS;
}

/** The table with aligned columns (first column left, the rest right), then the origin lines. */
/** What checking peer bytes cost: origin requests and bytes, and what the checks found. */
function integrityLine(counts: IntegrityTotals, originBytes: number): string {
  const share = originBytes === 0 ? null : counts.originBytes / originBytes;
  return (
    `integrity of peer bytes: ${String(counts.attested)} segments accepted on an independent ` +
    `digest, ${String(counts.checks)} origin spot checks, ${String(counts.settled)} settled with ` +
    `the whole segment; ${(counts.originBytes / 1024).toFixed(1)} KiB from the origin ` +
    `(${percent(share)} of its segment bytes); ${String(counts.mismatches)} mismatches, ` +
    `${String(counts.discredited)} false digests, ${String(counts.unverified)} unverified`
  );
}

/** How a Firefox viewer's figures are measured (firefox-viewer.ts). */
export const FIREFOX_NOTE =
  "ff = Firefox viewer, measured from outside (no tool reaches its event page): HTTP = segment " +
  "bytes the origin sent that profile (its own User-Agent); P2P = segment bytes its player " +
  "received minus that HTTP (a lower bound); uploaded: not measured (-); engine CPU / MiB: " +
  "Firefox's WebExtensions process";

export function summaryText(summary: RunSummary): string {
  const engine = summary.total.engineCpuMs !== undefined;
  const header = summaryHeaders(engine);
  const rows = [
    header,
    ...[...summary.viewers, summary.total].map((row) => summaryCells(row, engine)),
  ];
  const widths = header.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ");
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  const table = [line(header), rule, ...rows.slice(1, -1).map(line), rule, line(rows.at(-1) ?? [])];
  const n = summary.viewers.length;
  return [
    ...table,
    "",
    `origin served ${mib(summary.originBytes)} MiB of segments; without P2P it would serve ` +
      `${mib(summary.withoutP2PBytes)} MiB (offload ${percent(summary.offload)})`,
    `P2P share ${percent(summary.total.p2pShare)} of delivered bytes; ideal for ${String(n)} ` +
      `viewers 1 - 1/N = ${percent(summary.idealShare)}` +
      (summary.shareOfIdeal === null ? "" : ` (${percent(summary.shareOfIdeal)} of ideal)`),
    ...(summary.integrity ? [integrityLine(summary.integrity, summary.originBytes)] : []),
    ...(summary.viewers.some((row) => row.firefox !== true && row.engineCpuMs !== undefined)
      ? [
          "engine CPU = CPU time of the extension process (offscreen engine + service worker) over " +
            "the run; engine MiB = its peak resident memory",
        ]
      : []),
    ...(summary.viewers.some((row) => row.firefox === true) ? [FIREFOX_NOTE] : []),
  ].join("\n");
}
