/**
 * The figures of a browser swarm run, as the demo's table and HTML report (and the benchmark)
 * show them: per viewer and in total, HTTP, P2P and uploaded bytes, P2P share, stalls and time to
 * first frame; the origin's served bytes against what it would serve without P2P; and the ideal
 * share for N viewers, 1 - 1/N (every segment fetched over HTTP once, by one viewer). Pure.
 */
import type { BrowserSwarmResult, ViewerReport } from "./swarm.js";
import { noIntegrityCounts, type IntegrityTotals } from "./viewer.js";

export interface SummaryRow {
  /** "v1", "v2"...; a Firefox viewer's "v2 ff". */
  label: string;
  httpBytes: number;
  p2pBytes: number;
  /** null where not measured (a Firefox viewer with the extension; a total that has one). */
  uploadedBytes: number | null;
  /** Of httpBytes, the segment bytes the page fetched itself (before its engine was up, or a miss). */
  pageHttpBytes: number;
  /** P2P bytes / (HTTP + P2P), 0-1; null before any byte. */
  p2pShare: number | null;
  stalls: number;
  stallMs: number;
  /** The viewer's time to first frame; in the total row, the mean over viewers that had one. */
  firstFrameMs: number | null;
  ended: boolean;
  errors: number;
  /** A Firefox viewer (its bytes measured from outside: harness/browser/firefox-viewer.ts). */
  firefox?: true;
  /** Engine host CPU ms and peak resident bytes (extension mode). */
  engineCpuMs?: number;
  engineRssBytes?: number;
}

export interface RunSummary {
  viewers: SummaryRow[];
  total: SummaryRow;
  /** Segment bytes the origin served. */
  originBytes: number;
  /** One copy of each distinct segment it served (BrowserSwarmResult.originOnceBytes). */
  originOnceBytes: number;
  /** What it would have served with no P2P: every viewer's bytes over HTTP. */
  withoutP2PBytes: number;
  /** 1 - originBytes / withoutP2PBytes. */
  offload: number | null;
  /** 1 - 1/N. */
  idealShare: number;
  /** Total P2P share / ideal. */
  shareOfIdeal: number | null;
  /** The engines' integrity checks of peer bytes, summed (extension runs). */
  integrity?: IntegrityTotals;
}

const share = (p2p: number, http: number) => (p2p + http === 0 ? null : p2p / (p2p + http));

function viewerRow(report: ViewerReport): SummaryRow {
  const row: SummaryRow = {
    label: `v${String(report.index + 1)}${report.browser === "firefox" ? " ff" : ""}`,
    httpBytes: report.httpBytes,
    p2pBytes: report.p2pBytes,
    uploadedBytes: report.uploadedBytes,
    pageHttpBytes: report.pageHttpBytes,
    p2pShare: share(report.p2pBytes, report.httpBytes),
    stalls: report.stalls,
    stallMs: report.stallMs,
    firstFrameMs: report.firstFrameMs,
    ended: report.ended,
    errors: report.errors.length,
  };
  if (report.browser === "firefox") row.firefox = true;
  if (report.engine !== undefined) {
    row.engineCpuMs = report.engine.extensionProcessCpuMs;
    row.engineRssBytes = report.engine.peakRssBytes;
  }
  return row;
}

function totalRow(rows: readonly SummaryRow[]): SummaryRow {
  const sum = (pick: (row: SummaryRow) => number) =>
    rows.reduce((total, row) => total + pick(row), 0);
  const firstFrames = rows.flatMap((row) => (row.firstFrameMs === null ? [] : [row.firstFrameMs]));
  const http = sum((row) => row.httpBytes);
  const p2p = sum((row) => row.p2pBytes);
  const total: SummaryRow = {
    label: "total",
    httpBytes: http,
    p2pBytes: p2p,
    uploadedBytes: rows.some((row) => row.uploadedBytes === null)
      ? null
      : sum((row) => row.uploadedBytes ?? 0),
    pageHttpBytes: sum((row) => row.pageHttpBytes),
    p2pShare: share(p2p, http),
    stalls: sum((row) => row.stalls),
    stallMs: sum((row) => row.stallMs),
    firstFrameMs:
      firstFrames.length === 0 ? null : firstFrames.reduce((a, b) => a + b, 0) / firstFrames.length,
    ended: rows.every((row) => row.ended),
    errors: sum((row) => row.errors),
  };
  if (rows.some((row) => row.engineCpuMs !== undefined)) {
    total.engineCpuMs = sum((row) => row.engineCpuMs ?? 0);
    total.engineRssBytes = sum((row) => row.engineRssBytes ?? 0);
  }
  return total;
}

export function summarize(
  result: Pick<BrowserSwarmResult, "viewers" | "originBytes" | "originOnceBytes">,
): RunSummary {
  const viewers = result.viewers.map(viewerRow);
  const total = totalRow(viewers);
  const withoutP2PBytes = total.httpBytes + total.p2pBytes;
  const count = viewers.length;
  const idealShare = count === 0 ? 0 : 1 - 1 / count;
  return {
    viewers,
    total,
    originBytes: result.originBytes,
    originOnceBytes: result.originOnceBytes,
    withoutP2PBytes,
    offload: withoutP2PBytes === 0 ? null : 1 - result.originBytes / withoutP2PBytes,
    idealShare,
    shareOfIdeal: total.p2pShare === null || idealShare === 0 ? null : total.p2pShare / idealShare,
    ...integrityTotal(result.viewers),
  };
}

function integrityTotal(reports: readonly ViewerReport[]): { integrity?: IntegrityTotals } {
  const checked = reports.flatMap((report) => (report.integrity ? [report.integrity] : []));
  if (checked.length === 0) return {};
  const sum = noIntegrityCounts();
  for (const counts of checked) {
    for (const key of Object.keys(sum) as (keyof IntegrityTotals)[]) sum[key] += counts[key];
  }
  return { integrity: sum };
}
