/**
 * The swarm simulator: real HybridLoaders on virtual time, a simulated tracker, network and CDN.
 * With no flags: 10, 100 and 1000 viewers, VOD and live, 10 simulated minutes each, as a table.
 *
 *   npm run sim
 *   npm run sim -- --peers 100 --minutes 5 --mode live --churn 5 --seed 3
 *   npm run sim -- --peers 100 --seed 1,2,3 --set simultaneousP2PDownloads=5 --json out.json
 *
 * Wrap 1000-viewer runs in `flock /tmp/p2pv-cpu.lock` on shared machines.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { resolveSettings, type Settings } from "../core/settings.js";
import { formatTable, meanOf, TABLE_COLUMNS, tableNotes, tableRow } from "../sim/report.js";
import { runScenario } from "../sim/run.js";
import { BANDWIDTH_PROFILES, defaultScenario, type Scenario } from "../sim/scenario.js";
import type { SimResult } from "../sim/summary.js";

const { values } = parseArgs({
  options: {
    peers: { type: "string", default: "10,100,1000" },
    minutes: { type: "string", default: String(defaultScenario.minutes) },
    mode: { type: "string", default: "vod,live" },
    churn: { type: "string", default: "0" },
    seed: { type: "string", default: "1" },
    bandwidth: { type: "string", default: defaultScenario.bandwidth },
    "segment-seconds": { type: "string", default: String(defaultScenario.segmentSeconds) },
    bitrate: { type: "string", default: String(defaultScenario.bitrate / 1e6) },
    set: { type: "string", multiple: true, default: [] },
    json: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
});

const list = (text: string) => text.split(",").filter((item) => item.trim() !== "");
const numbers = (text: string, what: string) =>
  list(text).map((item) => {
    const value = Number(item);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${what}: not a number: ${item}`);
    return value;
  });

/** --set key=value: numbers and booleans as such, anything else as a string; checked by the core. */
function parseSettings(pairs: readonly string[]): Partial<Settings> {
  const settings: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new Error(`--set ${pair}: expected key=value`);
    const raw = pair.slice(at + 1);
    const value =
      raw === "true"
        ? true
        : raw === "false"
          ? false
          : Number.isNaN(Number(raw))
            ? raw
            : Number(raw);
    settings[pair.slice(0, at)] = value;
  }
  resolveSettings(settings); // throws a SettingsError naming a bad one
  return settings;
}

const modes = list(values.mode).map((mode) => {
  if (mode !== "vod" && mode !== "live") throw new Error(`--mode: vod or live, not ${mode}`);
  return mode;
});
if (!(values.bandwidth in BANDWIDTH_PROFILES)) {
  throw new Error(`--bandwidth: one of ${Object.keys(BANDWIDTH_PROFILES).join(", ")}`);
}
const base: Scenario = {
  ...defaultScenario,
  minutes: Number(values.minutes),
  churnMinutes: Number(values.churn),
  bandwidth: values.bandwidth,
  segmentSeconds: Number(values["segment-seconds"]),
  bitrate: Number(values.bitrate) * 1e6,
  settings: parseSettings(values.set),
};
const seeds = numbers(values.seed, "seed");

const results: SimResult[] = [];
for (const seed of seeds) {
  for (const mode of modes) {
    for (const peers of numbers(values.peers, "peers")) {
      const scenario: Scenario = { ...base, peers, mode, seed };
      const label = `${String(peers)} ${mode} seed ${String(seed)}`;
      const result = await runScenario(scenario, (now, online) => {
        if (!values.quiet && now % 60_000 === 0) {
          process.stderr.write(
            `  ${label}: ${String(now / 60_000)} min, ${String(online)} online\n`,
          );
        }
      });
      if (result.corrupt > 0)
        process.stderr.write(`  ${label}: ${String(result.corrupt)} corrupt segments!\n`);
      process.stderr.write(`  ${label}: done in ${result.wallSeconds.toFixed(1)} s\n`);
      results.push(result);
    }
  }
}

const rows = results.map(tableRow);
if (seeds.length > 1) {
  // One mean row per scenario: the same peers and mode over every seed.
  for (const mode of modes) {
    for (const peers of numbers(values.peers, "peers")) {
      const same = results.filter((r) => r.scenario.mode === mode && r.scenario.peers === peers);
      const mean = meanOf(same);
      if (mean) rows.push(tableRow(mean));
    }
  }
}
console.log(formatTable(TABLE_COLUMNS, rows));
console.log(`\n${tableNotes(results)}`);
const settings = Object.entries(base.settings);
if (settings.length > 0) {
  console.log(
    `Settings: ${settings.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(", ")}`,
  );
}
if (values.json !== undefined) {
  writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Figures in ${values.json}`);
}
