/**
 * The main job: a local P2P swarm of real browsers. Builds the extension when its build is
 * missing or older than the sources, makes test streams with ffmpeg, starts a local
 * bittorrent-tracker server and a stream server that counts the bytes it serves, and launches
 * headless Chromium viewers with the extension, joining a few seconds apart (harness/browser/);
 * `--browser firefox` runs firefox-esr viewers with the Firefox package, `--browser mixed` both,
 * alternating.
 * Prints a progress line per second, then the summary table, and writes a self-contained HTML
 * report with charts (and the raw figures as JSON) into artifacts/demo/.
 *
 *   npm run demo -- --viewers 4 --mode vod --player hls --seconds 40 --join-gap 3
 *   xvfb-run -a npm run demo -- --headed        (visible windows; needs a display)
 */
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureExtensionBuild } from "../harness/browser/extension-build.js";
import { isPlayerName, PLAYERS, streamKindFor } from "../harness/browser/players.js";
import { reportHtml } from "../harness/browser/report-html.js";
import { summarize } from "../harness/browser/report-summary.js";
import { PROGRESS_LEGEND, progressLine, summaryText } from "../harness/browser/report-text.js";
import { runBrowserSwarm } from "../harness/browser/swarm.js";
import { usageOrFail } from "../harness/cli.js";

const USAGE = `npm run demo -- [options]
  --viewers N          browsers in the swarm (default 4)
  --mode vod|live      VOD, or a live HLS sliding window (default vod)
  --player NAME        hls | shaka | dashjs | videojs (default hls; dashjs is VOD only)
  --seconds S          stream duration (default 40 for VOD, 60 for live)
  --join-gap S         seconds between two viewers joining (default 3)
  --viewer-mode M      extension | none (none = the same page without the extension)
  --browser B          chromium | firefox | mixed (default chromium; mixed alternates, v1 Chromium)
  --headed             visible browser windows (needs a display: a desktop, or xvfb-run -a)
  --out DIR            where report.html and report.json go (default artifacts/demo)
  --skip-build         do not check the extension build (inside scripts/netns.sh it never does)`;

const { values } = parseArgs({
  options: {
    viewers: { type: "string", default: "4" },
    mode: { type: "string", default: "vod" },
    player: { type: "string", default: "hls" },
    seconds: { type: "string" },
    "join-gap": { type: "string", default: "3" },
    "viewer-mode": { type: "string", default: "extension" },
    browser: { type: "string", default: "chromium" },
    headed: { type: "boolean", default: false },
    out: { type: "string", default: "artifacts/demo" },
    "skip-build": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

// Annotated, so that TypeScript narrows after a call to it.
const fail: (message: string) => never = usageOrFail(USAGE, values.help);
const live = values.mode === "live";
if (!live && values.mode !== "vod") fail(`--mode must be vod or live, not ${values.mode}`);
const player = values.player;
if (!isPlayerName(player)) fail(`--player must be one of ${PLAYERS.join(", ")}`);
const viewerMode = values["viewer-mode"];
if (viewerMode !== "extension" && viewerMode !== "none") {
  fail("--viewer-mode must be extension or none");
}
const browser = values.browser;
if (browser !== "chromium" && browser !== "firefox" && browser !== "mixed") {
  fail("--browser must be chromium, firefox or mixed");
}
const viewers = Number(values.viewers);
const seconds = Number(values.seconds ?? (live ? 60 : 40));
const joinGap = Number(values["join-gap"]);
if (!Number.isInteger(viewers) || viewers < 1) fail("--viewers must be a whole number >= 1");
if (!Number.isFinite(seconds) || seconds < 6) fail("--seconds must be at least 6");
if (!Number.isFinite(joinGap) || joinGap < 0) fail("--join-gap must be >= 0");
try {
  streamKindFor(player, live);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (
  values.headed &&
  process.env.DISPLAY === undefined &&
  process.env.WAYLAND_DISPLAY === undefined
) {
  fail(
    "--headed needs a display: run it on a desktop, or as `xvfb-run -a npm run demo -- --headed`",
  );
}

// The build runs on the machine's own network (Plasmo asks the npm registry for its latest
// version); the swarm runs in a private network namespace: this script again, inside
// scripts/netns.sh, where it does not build.
if (process.env.P2PV_NETNS !== "1") {
  if (viewerMode === "extension" && !values["skip-build"]) {
    await ensureExtensionBuild((line) => {
      console.log(line);
    });
  }
  const tsx = resolve("node_modules/.bin/tsx");
  const args = process.argv.slice(2);
  const child = spawn("bash", ["scripts/netns.sh", tsx, "scripts/demo.ts", ...args], {
    stdio: "inherit",
  });
  const code = await new Promise<number | null>((done) => child.on("exit", done));
  process.exit(code ?? 1);
}

const stream = { seconds, segmentSeconds: 2, bitrate: "1200k", size: "854x480" };
const browsers = { chromium: "Chromium", firefox: "Firefox", mixed: "Chromium and Firefox" };
console.log(
  `Local swarm: ${String(viewers)} ${browsers[browser]} viewers (${viewerMode}), ${player}, ` +
    `${live ? "live" : "VOD"} ${String(seconds)} s stream, joining ${String(joinGap)} s apart`,
);
console.log(PROGRESS_LEGEND);
const result = await runBrowserSwarm({
  viewers,
  joinGapMs: joinGap * 1000,
  player,
  mode: viewerMode,
  browser,
  live,
  stream,
  headed: values.headed,
  onProgress: (progress) => {
    console.log(progressLine(progress));
  },
});

const summary = summarize(result);
console.log(`\n${summaryText(summary)}`);
for (const viewer of result.viewers) {
  if (viewer.errors.length > 0) {
    console.log(`v${String(viewer.index + 1)} errors: ${viewer.errors.join(" | ")}`);
  }
}

const out = resolve(values.out);
await mkdir(out, { recursive: true });
const settings = {
  viewers,
  mode: live ? "live" : "vod",
  player,
  "viewer mode": viewerMode,
  browser,
  "stream seconds": seconds,
  "segment seconds": stream.segmentSeconds,
  bitrate: stream.bitrate,
  size: stream.size,
  "join gap s": joinGap,
  headed: values.headed,
};
const given = process.argv.slice(2);
const command = given.length === 0 ? "npm run demo" : `npm run demo -- ${given.join(" ")}`;
await writeFile(
  join(out, "report.html"),
  await reportHtml({ result, summary, settings, command, generatedAt: new Date() }),
);
await writeFile(
  join(out, "report.json"),
  JSON.stringify({ settings, command, summary, result }, null, 2),
);
console.log(`\nreport: ${join(out, "report.html")} (figures: ${join(out, "report.json")})`);
