/**
 * The swarm without browsers: loader cores in Node (scripts/demo.ts is the browser demo). A real
 * bittorrent-tracker server, a local origin serving an ffmpeg-made HLS stream, and N virtual
 * players joining a few seconds apart, sharing segments over real WebRTC. Prints progress, then
 * a table.
 *
 *   npm run demo:node -- --viewers 4 --seconds 40 --join-gap 3 --rate 2
 */
import { parseArgs } from "node:util";
import { runSwarm } from "../harness/swarm-run.js";
import type { VirtualPlayer } from "../harness/virtual-player.js";

const { values } = parseArgs({
  options: {
    viewers: { type: "string", default: "4" },
    seconds: { type: "string", default: "40" },
    "join-gap": { type: "string", default: "3" },
    rate: { type: "string", default: "2" },
  },
});
const viewers = Number(values.viewers);
const seconds = Number(values.seconds);

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
const pct = (part: number, whole: number) =>
  whole === 0 ? "0.0%" : `${((100 * part) / whole).toFixed(1)}%`;

function progress(players: readonly VirtualPlayer[]): void {
  const cells = players.map((player, index) => {
    const r = player.report;
    return `v${String(index + 1)} seg ${String(player.position).padStart(2)} http ${mib(r.httpBytes)} p2p ${mib(r.p2pBytes)} peers ${String(r.peers)}`;
  });
  console.log(cells.join(" | "));
}

console.log(
  `Local swarm: ${String(viewers)} viewers, ${String(seconds)} s HLS stream, playback x${values.rate}`,
);
const result = await runSwarm({
  viewers,
  joinGap: Number(values["join-gap"]),
  rate: Number(values.rate),
  stream: { seconds, segmentSeconds: 2, bitrate: "1200k", size: "854x480" },
  onProgress: progress,
});

const rows = result.reports.map((r, index) => ({
  viewer: `v${String(index + 1)}`,
  "HTTP MiB": mib(r.httpBytes),
  "P2P MiB": mib(r.p2pBytes),
  "uploaded MiB": mib(r.uploadedBytes),
  "P2P share": pct(r.p2pBytes, r.httpBytes + r.p2pBytes),
  stalls: `${String(r.stalls)} (${(r.stallMs / 1000).toFixed(1)} s)`,
  "startup ms": r.startupMs.toFixed(0),
  corrupt: r.corrupt,
}));
const sum = (pick: (r: (typeof result.reports)[number]) => number) =>
  result.reports.reduce((total, r) => total + pick(r), 0);
const http = sum((r) => r.httpBytes);
const p2p = sum((r) => r.p2pBytes);
rows.push({
  viewer: "total",
  "HTTP MiB": mib(http),
  "P2P MiB": mib(p2p),
  "uploaded MiB": mib(sum((r) => r.uploadedBytes)),
  "P2P share": pct(p2p, http + p2p),
  stalls: String(sum((r) => r.stalls)),
  "startup ms": "",
  corrupt: sum((r) => r.corrupt),
});
console.table(rows);
const withoutP2P = result.streamBytes * viewers;
console.log(
  [
    `origin served ${mib(result.originBytes)} MiB; without P2P it would serve ${mib(withoutP2P)} MiB`,
    `offload ${pct(withoutP2P - result.originBytes, withoutP2P)} (ideal for ${String(viewers)} viewers: ${pct(viewers - 1, viewers)})`,
    `elapsed ${(result.elapsedMs / 1000).toFixed(1)} s`,
  ].join("\n"),
);
// WebRTC's native threads (node-datachannel) keep Node alive after every peer has closed.
process.exit(0);
