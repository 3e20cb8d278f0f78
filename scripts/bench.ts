/**
 * The benchmark: the same browser swarm (harness/browser/swarm.ts) run side by side in three arms
 * — no extension (baseline), this extension, P2P Media Loader 2.3.1 built into the page — with
 * the same stream, viewers and join schedule, one arm after the other (running them at once
 * would share two cores three ways). Scenarios are `vod-N` (a 60 s two-variant HLS VOD) and
 * `live-N` (an HLS live sliding window of 12 s, 2 s segments), N viewers, hls.js; `vod-N-PLAYER`
 * and `live-N-PLAYER` the same with Shaka Player, dash.js or video.js (Shaka and dash.js play a
 * DASH copy for VOD; live is HLS, so not dash.js; no P2P Media Loader arm: its page is hls.js's).
 * Then the
 * hand-off and pass-through benchmark (scripts/bench-handoff.ts). Prints every run's table and
 * the comparison, writes artifacts/bench/results.json, and puts the figures into BENCHMARKS.md
 * (its generated regions; the prose around them stays). `--browser firefox` runs the same with
 * firefox-esr viewers and the Firefox package, `--browser mixed` with Chromium and Firefox viewers
 * alternating; those arms are none and extension, and their tables go into their own regions.
 *
 *   npm run bench                                  (every default scenario; ~55 min)
 *   npm run bench -- --scenarios vod-4 --repeat 2  (one scenario, every arm twice)
 *   npm run bench -- --browser firefox --scenarios vod-4,live-4
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { format, resolveConfig } from "prettier";
import { busyShare, readCpuTimes } from "../harness/bench/cpu-load.js";
import type { ArmRun, BenchScenario, ScenarioResult } from "../harness/bench/compare.js";
import {
  handoffMarkdown,
  replaceRegion,
  scenarioMarkdown,
  type HandoffRow,
} from "../harness/bench/markdown.js";
import { ensureExtensionBuild } from "../harness/browser/extension-build.js";
import { p2pmlPageFiles } from "../harness/browser/p2pml-seam.js";
import {
  isPlayerName,
  PLAYERS,
  streamKindFor,
  type PlayerName,
  type StreamKind,
} from "../harness/browser/players.js";
import { summarize } from "../harness/browser/report-summary.js";
import { summaryText } from "../harness/browser/report-text.js";
import { runBrowserSwarm, type SwarmBrowser } from "../harness/browser/swarm.js";
import type { ViewerMode } from "../harness/browser/viewer.js";
import { p2pmlPage } from "../harness/p2pml/index.js";
import { usageOrFail } from "../harness/cli.js";

const DEFAULT_SCENARIOS = [
  "vod-4",
  "live-4",
  "vod-8",
  "live-8",
  "vod-4-shaka",
  "vod-4-dashjs",
  "vod-4-videojs",
  "live-4-shaka",
  "live-4-videojs",
].join(",");

const USAGE = `npm run bench -- [options]
  --scenarios LIST   comma-separated vod-N / live-N, optionally -shaka, -dashjs, -videojs
                     (default ${DEFAULT_SCENARIOS}; dash.js plays VOD only)
  --arms LIST        none,extension,p2pml (default all three; none,extension in Firefox/mixed)
  --browser B        chromium | firefox | mixed (default chromium; mixed alternates, v1 Chromium);
                     firefox and mixed write their own BENCHMARKS.md regions and skip the hand-off
  --repeat R         runs of every arm per scenario, pooled (default 1)
  --seconds S        stream duration (default 60)
  --join-gap S       seconds between two viewers joining (default 5)
  --out DIR          results.json and handoff.json go there (default artifacts/bench)
  --no-md            leave BENCHMARKS.md as it is
  --skip-handoff     do not run the hand-off / pass-through benchmark
  --skip-build       do not check the extension build`;

const { values } = parseArgs({
  options: {
    scenarios: { type: "string", default: DEFAULT_SCENARIOS },
    arms: { type: "string" },
    browser: { type: "string", default: "chromium" },
    repeat: { type: "string", default: "1" },
    seconds: { type: "string", default: "60" },
    "join-gap": { type: "string", default: "5" },
    out: { type: "string", default: "artifacts/bench" },
    "no-md": { type: "boolean", default: false },
    "skip-handoff": { type: "boolean", default: false },
    "skip-build": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

// Annotated, so that TypeScript narrows after a call to it.
const fail: (message: string) => never = usageOrFail(USAGE, values.help);

const browserArg = values.browser;
if (browserArg !== "chromium" && browserArg !== "firefox" && browserArg !== "mixed") {
  fail("--browser must be chromium, firefox or mixed");
}
const browser: SwarmBrowser = browserArg;
const chromiumOnly = browser === "chromium";
const ARMS = ["none", "extension", "p2pml"] as const satisfies readonly ViewerMode[];
const arms = (values.arms ?? (chromiumOnly ? "none,extension,p2pml" : "none,extension"))
  .split(",")
  .map((arm) => arm.trim());
for (const arm of arms) {
  if (!(ARMS as readonly string[]).includes(arm)) fail(`unknown arm ${arm}`);
  if (arm === "p2pml" && !chromiumOnly) fail("the p2pml arm runs in Chromium only");
}
/** The hand-off benchmark drives Chromium's service worker: Chromium runs only. */
const skipHandoff = values["skip-handoff"] || !chromiumOnly;
/** BENCHMARKS.md's region for this browser's tables. */
const region = chromiumOnly ? "bench:browser" : `bench:browser-${browser}`;
const VIEWERS: Record<SwarmBrowser, string> = {
  chromium: "",
  firefox: ", firefox-esr viewers (the Firefox package)",
  mixed: ", Chromium and Firefox viewers alternating (v1 Chromium)",
};
const repeat = Number(values.repeat);
const seconds = Number(values.seconds);
const joinGapS = Number(values["join-gap"]);
if (!Number.isInteger(repeat) || repeat < 1) fail("--repeat must be a whole number >= 1");
if (!Number.isFinite(seconds) || seconds < 12) fail("--seconds must be at least 12");
if (!Number.isFinite(joinGapS) || joinGapS < 0) fail("--join-gap must be >= 0");
const scenarios: BenchScenario[] = values.scenarios.split(",").map((name) => {
  const match = /^(vod|live)-(\d+)(?:-(\w+))?$/.exec(name.trim());
  const viewers = Number(match?.[2]);
  const player = match?.[3] ?? "hls";
  if (!match || viewers < 2 || !isPlayerName(player)) {
    fail(
      `scenario ${name}: expected vod-N or live-N (N >= 2), then -${PLAYERS.join("/-")} or nothing`,
    );
  }
  const live = match[1] === "live";
  try {
    streamKindFor(player, live);
  } catch (error) {
    fail(`scenario ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    name: name.trim(),
    player,
    live,
    viewers,
    seconds,
    joinGapS,
    // P2P Media Loader's page plays hls.js.
    modes: (arms as ViewerMode[]).filter((arm) => arm !== "p2pml" || player === "hls"),
  };
});

// Built on the machine's own network, measured inside a private network namespace (the demo
// does the same: scripts/demo.ts).
if (process.env.P2PV_NETNS !== "1") {
  if (arms.includes("extension") && !values["skip-build"]) {
    await ensureExtensionBuild((line) => {
      console.log(line);
    });
  }
  const tsx = resolve("node_modules/.bin/tsx");
  const child = spawn(
    "bash",
    ["scripts/netns.sh", tsx, "scripts/bench.ts", ...process.argv.slice(2)],
    {
      stdio: "inherit",
    },
  );
  const code = await new Promise<number | null>((done) => child.on("exit", done));
  process.exit(code ?? 1);
}

/** The top rendition; VOD adds a lower one (a two-variant ladder, as the product's bar). */
const STREAM = { segmentSeconds: 2, bitrate: "1200k", size: "854x480" };
const LOWER = [{ bitrate: "400k", size: "640x360" }];
const LIVE_WINDOW = { windowSegments: 6, initialSegments: 4 };

const PLAYER_NAMES: Record<PlayerName, string> = {
  hls: "hls.js",
  shaka: "Shaka Player",
  dashjs: "dash.js",
  videojs: "video.js (VHS)",
};
const STREAM_KINDS: Record<StreamKind, string> = {
  "hls-live": `live HLS, ${String(LIVE_WINDOW.windowSegments * STREAM.segmentSeconds)} s sliding window`,
  "hls-vod": "two-variant HLS VOD (1200k 854x480 + 400k 640x360)",
  "dash-vod": "DASH VOD (1200k 854x480, video and audio AdaptationSets)",
};

const describeScenario = (scenario: BenchScenario) =>
  `${scenario.name}: ${String(scenario.viewers)} viewers, ` +
  STREAM_KINDS[streamKindFor(scenario.player, scenario.live)] +
  `, ${String(scenario.seconds)} s, 2 s segments, joining ${String(scenario.joinGapS)} s apart, ` +
  PLAYER_NAMES[scenario.player] +
  VIEWERS[browser];

const anchor = arms.includes("p2pml") ? p2pmlPageFiles(await p2pmlPage()) : undefined;

async function runArm(scenario: BenchScenario, mode: ViewerMode): Promise<ArmRun> {
  const before = await readCpuTimes();
  const result = await runBrowserSwarm({
    viewers: scenario.viewers,
    joinGapMs: scenario.joinGapS * 1000,
    player: scenario.player,
    mode,
    browser,
    live: scenario.live,
    stream: { ...STREAM, seconds: scenario.seconds },
    lowerRenditions: LOWER,
    liveWindow: LIVE_WINDOW,
    ...(mode === "p2pml" && anchor !== undefined ? { p2pmlPage: anchor } : {}),
  });
  const cpuBusy = busyShare(before, await readCpuTimes());
  const summary = summarize(result);
  console.log(`\n${summaryText(summary)}`);
  for (const viewer of result.viewers) {
    if (viewer.errors.length > 0) {
      console.log(`v${String(viewer.index + 1)} errors: ${viewer.errors.join(" | ")}`);
    }
  }
  return { summary, elapsedMs: result.elapsedMs, cpuBusy };
}

const started = new Date();
const results: ScenarioResult[] = [];
for (const scenario of scenarios) {
  const result: ScenarioResult = { scenario, arms: {} };
  results.push(result);
  // Arms interleaved within each repeat, so a slow minute of the machine does not favour one.
  for (let round = 0; round < repeat; round++) {
    for (const mode of scenario.modes) {
      console.log(`\n== ${describeScenario(scenario)} | ${mode} | run ${String(round + 1)}`);
      const run = await runArm(scenario, mode);
      (result.arms[mode] ??= []).push(run);
    }
  }
  console.log(`\n${scenarioMarkdown(result, describeScenario(scenario))}`);
}

let handoff: HandoffRow[] | undefined;
if (!skipHandoff) {
  console.log("\n== hand-off and pass-through (scripts/bench-handoff.ts)");
  const rowsFile = join(resolve(values.out), "handoff.json");
  const child = spawn(
    resolve("node_modules/.bin/tsx"),
    ["scripts/bench-handoff.ts", "--out", rowsFile],
    { stdio: "inherit" },
  );
  const code = await new Promise<number | null>((done) => child.on("exit", done));
  if (code === 0) {
    handoff = (JSON.parse(await readFile(rowsFile, "utf8")) as { rows: HandoffRow[] }).rows;
  } else {
    // The browser figures above are still written; the run as a whole fails at the end.
    console.error(
      `bench-handoff exited ${String(code)}; its region of BENCHMARKS.md is left as it was`,
    );
    process.exitCode = 1;
  }
}

const given = process.argv.slice(2);
const command = given.length === 0 ? "npm run bench" : `npm run bench -- ${given.join(" ")}`;
const BROWSERS: Record<SwarmBrowser, string> = {
  chromium: "headless Debian Chromium",
  firefox: "headless Debian firefox-esr",
  mixed: "headless Debian Chromium and firefox-esr",
};
const machine = `${String(cpus().length)} cores (${cpus()[0]?.model ?? "unknown CPU"}), ${BROWSERS[browser]}`;
const out = resolve(values.out);
await mkdir(out, { recursive: true });
await writeFile(
  join(out, "results.json"),
  JSON.stringify({ command, machine, browser, started, results, handoff }, null, 2),
);
console.log(`\nresults: ${join(out, "results.json")}`);

if (!values["no-md"]) {
  const path = "BENCHMARKS.md";
  let doc = existsSync(path) ? await readFile(path, "utf8") : "# Benchmarks\n";
  const header = `\`${command}\` — ${started.toISOString().slice(0, 16)} UTC, ${machine}\n\n`;
  doc = replaceRegion(
    doc,
    region,
    header +
      results
        .map((result) => scenarioMarkdown(result, describeScenario(result.scenario)))
        .join("\n"),
  );
  if (handoff !== undefined) {
    doc = replaceRegion(doc, "bench:handoff", `\`${command}\`\n\n${handoffMarkdown(handoff)}`);
  }
  // Formatted as the repository's format check wants it, so a bench run leaves it passing.
  const config = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(doc, { ...config, filepath: path }));
  console.log(`figures written into ${path}`);
}
