/**
 * The browser swarm's HTML report: one self-contained file (uPlot's JS and CSS inlined, the data
 * as JSON in the page) with the run's settings, the summary table, and charts: HTTP vs P2P bytes
 * over time for each viewer, the swarm's total against the origin's served bytes, and every
 * viewer's playback position (joins and stalls show as steps).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { mib, percent, summaryCells, summaryHeaders } from "./report-text.js";
import type { RunSummary, SummaryRow } from "./report-summary.js";
import type { BrowserSwarmResult } from "./swarm.js";

const require = createRequire(import.meta.url);

/** Settings of the run, shown as given (name -> value). */
export type RunSettings = Record<string, string | number | boolean>;

interface ChartData {
  viewers: { label: string; t: number[]; http: number[]; p2p: number[]; position: number[] }[];
  total: { t: number[]; origin: number[]; http: number[]; p2p: number[] };
}

const toMiB = (bytes: number) => Math.round((bytes / 1024 / 1024) * 1000) / 1000;

/** The series the charts draw, in MiB and seconds. */
export function chartData(result: BrowserSwarmResult): ChartData {
  const viewers = result.viewers.map((viewer) => ({
    label: `v${String(viewer.index + 1)}`,
    t: viewer.samples.map((sample) => sample.t),
    http: viewer.samples.map((sample) => toMiB(sample.http)),
    p2p: viewer.samples.map((sample) => toMiB(sample.p2p)),
    position: viewer.samples.map((sample) => sample.position),
  }));
  // Every viewer is read in the same round as the origin, so their samples share its times.
  const sumAt = (t: number, pick: (s: { http: number; p2p: number }) => number) =>
    result.viewers.reduce((sum, viewer) => {
      const sample = viewer.samples.find((candidate) => candidate.t === t);
      return sum + (sample === undefined ? 0 : pick(sample));
    }, 0);
  const t = result.originSamples.map((sample) => sample.t);
  return {
    viewers,
    total: {
      t,
      origin: result.originSamples.map((sample) => toMiB(sample.bytes)),
      http: t.map((time) => toMiB(sumAt(time, (sample) => sample.http))),
      p2p: t.map((time) => toMiB(sumAt(time, (sample) => sample.p2p))),
    },
  };
}

const MODE_TITLE: Record<BrowserSwarmResult["mode"], string> = {
  extension: "with the extension",
  none: "without P2P (baseline)",
  p2pml: "with P2P Media Loader",
};
const PLAYER_TITLE: Record<BrowserSwarmResult["player"], string> = {
  hls: "hls.js",
  shaka: "Shaka Player",
  dashjs: "dash.js",
  videojs: "video.js",
};
const STREAM_TITLE: Record<BrowserSwarmResult["stream"], string> = {
  "hls-vod": "HLS VOD",
  "hls-live": "HLS live",
  "dash-vod": "DASH VOD",
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (char) => `&#${String(char.charCodeAt(0))};`);

function tableRow(row: SummaryRow, engine: boolean): string {
  const tag = row.label === "total" ? "th" : "td";
  const cells = summaryCells(row, engine).map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`);
  return `<tr>${cells.join("")}</tr>`;
}

function summaryTable(summary: RunSummary): string {
  const engine = summary.total.engineCpuMs !== undefined;
  const headers = summaryHeaders(engine).map((header) => `<th>${escapeHtml(header)}</th>`);
  return [
    "<table class='summary'>",
    `<thead><tr>${headers.join("")}</tr></thead><tbody>`,
    ...summary.viewers.map((row) => tableRow(row, engine)),
    "</tbody><tfoot>",
    tableRow(summary.total, engine),
    "</tfoot></table>",
  ].join("\n");
}

/** Runs in the report page: draws the charts from the embedded JSON with the inlined uPlot. */
const DRAW = `
const data = JSON.parse(document.getElementById("data").textContent);
const HTTP = "#d9480f", P2P = "#2b8a3e", ORIGIN = "#1c7ed6";
// Two charts a row when the page is wide enough (each box has 6 px padding and a 1 px border).
const size = () => {
  const page = document.body.clientWidth;
  const width = page >= 900 ? Math.floor((page - 16) / 2) - 14 : page - 14;
  return { width: Math.min(640, width), height: 220 };
};
const axes = (y) => [{ label: "seconds since the first join" }, { label: y }];
const line = (label, stroke, fill, dash) => ({ label, stroke, width: 2, fill, dash, points: { show: false } });
// Every chart on the same time axis, so they compare at a glance.
const lastT = Math.max(0, ...data.total.t);
const xScale = { time: false, range: [0, lastT] };
const base = () => ({ ...size(), legend: { live: false }, scales: { x: xScale } });
// The viewers' charts share their MiB axis too.
const maxMiB = Math.max(0.1, ...data.viewers.flatMap((v) => [...v.http, ...v.p2p]));
for (const viewer of data.viewers) {
  const box = document.createElement("div");
  box.className = "chart";
  document.getElementById("viewers").append(box);
  new uPlot({
    title: viewer.label + ": bytes received (cumulative)",
    ...base(), axes: axes("MiB"),
    scales: { x: xScale, y: { range: [0, maxMiB * 1.05] } },
    series: [{ label: "t" }, line("HTTP", HTTP, "rgba(217,72,15,0.12)"),
      line("P2P", P2P, "rgba(43,138,62,0.12)")],
  }, [viewer.t, viewer.http, viewer.p2p], box);
}
new uPlot({
  title: "swarm: HTTP, P2P and what the origin served",
  ...base(), axes: axes("MiB"),
  series: [{ label: "t" }, line("HTTP (all viewers)", HTTP), line("P2P (all viewers)", P2P),
    line("origin served", ORIGIN, undefined, [6, 4])],
}, [data.total.t, data.total.http, data.total.p2p, data.total.origin],
  document.getElementById("total"));
const palette = ["#1c7ed6", "#d9480f", "#2b8a3e", "#ae3ec9", "#f08c00", "#0c8599", "#e64980", "#5c940d"];
const times = data.total.t;
const positionAt = (viewer, t) => { const i = viewer.t.indexOf(t); return i < 0 ? null : viewer.position[i]; };
new uPlot({
  title: "playback position",
  ...base(), axes: axes("stream seconds"),
  series: [{ label: "t" }, ...data.viewers.map((v, i) => line(v.label, palette[i % palette.length]))],
}, [times, ...data.viewers.map((v) => times.map((t) => positionAt(v, t)))],
  document.getElementById("position"));
`;

export interface ReportInput {
  result: BrowserSwarmResult;
  summary: RunSummary;
  settings: RunSettings;
  /** The command that made the run. */
  command: string;
  generatedAt: Date;
}

/** The whole report page. */
export async function reportHtml(input: ReportInput): Promise<string> {
  const { summary, result } = input;
  const [uplotJs, uplotCss] = await Promise.all([
    readFile(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"),
    readFile(require.resolve("uplot/dist/uPlot.min.css"), "utf8"),
  ]);
  const json = JSON.stringify(chartData(result)).replace(/</g, "\\u003c");
  const settings = Object.entries(input.settings)
    .map(([name, value]) => `<li><b>${escapeHtml(name)}</b> ${escapeHtml(String(value))}</li>`)
    .join("");
  const n = summary.viewers.length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>P2P swarm demo report</title>
<style>${uplotCss}</style>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #212529; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: #495057; } .meta ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 18px; }
code { background: #f1f3f5; padding: 1px 5px; border-radius: 3px; }
table.summary { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.summary td, table.summary th { padding: 4px 10px; border-bottom: 1px solid #dee2e6; text-align: right; }
table.summary td:first-child, table.summary th:first-child { text-align: left; }
table.summary thead th { background: #f8f9fa; } table.summary tfoot th { border-top: 2px solid #adb5bd; }
.headline { display: flex; gap: 16px; flex-wrap: wrap; margin: 12px 0; }
.headline div { background: #f8f9fa; border-radius: 6px; padding: 8px 14px; }
.headline b { display: block; font-size: 20px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart, #total, #position { border: 1px solid #e9ecef; border-radius: 6px; padding: 6px; }
</style></head><body>
<h1>P2P swarm: ${String(n)} viewer${n === 1 ? "" : "s"} ${MODE_TITLE[result.mode]}, ${PLAYER_TITLE[result.player]}, ${STREAM_TITLE[result.stream]}</h1>
<div class="meta"><p>Made ${escapeHtml(input.generatedAt.toISOString())} by <code>${escapeHtml(input.command)}</code>, in ${(result.elapsedMs / 1000).toFixed(0)} s.</p><ul>${settings}</ul></div>
<div class="headline">
<div>P2P share of delivered bytes<b>${percent(summary.total.p2pShare)}</b></div>
<div>ideal for ${String(n)} viewers (1 - 1/N)<b>${percent(summary.idealShare)}</b></div>
<div>share of the ideal<b>${percent(summary.total.p2pShare === null || summary.idealShare === 0 ? null : summary.total.p2pShare / summary.idealShare)}</b></div>
<div>origin served (segments)<b>${mib(summary.originBytes)} MiB</b></div>
<div>without P2P it would serve<b>${mib(summary.withoutP2PBytes)} MiB</b></div>
<div>stalls<b>${String(summary.total.stalls)} (${(summary.total.stallMs / 1000).toFixed(1)} s)</b></div>
</div>
<h2>Summary</h2>
${summaryTable(summary)}
<p class="meta">Stalls: after the first frame, the time between the media element's <code>waiting</code> and <code>playing</code>. First frame: from asking the page to play to the first <code>playing</code>.${summary.total.engineCpuMs === undefined ? "" : " Engine CPU and memory: the extension's process (offscreen engine and service worker)."}</p>
<h2>The swarm over time</h2>
<div class="charts"><div id="total"></div><div id="position"></div></div>
<h2>Each viewer: HTTP vs P2P</h2>
<div class="charts" id="viewers"></div>
<script type="application/json" id="data">${json}</script>
<script>${uplotJs}</script>
<script>${DRAW}</script>
</body></html>
`;
}
