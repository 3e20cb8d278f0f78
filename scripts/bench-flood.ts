/**
 * The engine's memory under a swarm flood (run `npm run build` first, then `npm run bench:flood`,
 * which runs this inside scripts/netns.sh). Not a test: it prints figures.
 *
 * A real page of an enabled site plays its own stream's swarm (the engine at rest). Then frames of
 * that site try to open `--swarms` swarms each with the whole stream as the queue: one frame, then
 * `--frames` frames at once (as a page with many iframes would). The engine's limits
 * (messaging/engine-limits.ts) and the relay's rate limit decide what is admitted; the admitted
 * swarms download through the page. Figures: swarms in the engine, the offscreen document's used
 * JS heap, the extension process's resident memory (it also runs the service worker, so an upper
 * bound), at rest, at the peak while flooding and `--settle` seconds on, and after every frame
 * stopped. No forced GC: the heap is what the engine holds at that moment.
 */
import { parseArgs } from "node:util";
import { launchWithExtension, TEST_EXTENSION_DIR } from "../harness/browser/chromium";
import { EngineMetricsProbe, type EngineMetrics } from "../harness/browser/engine-metrics";
import { ExtensionDriver, type FakeFrame } from "../harness/browser/extension-driver";
import { BLANK_PAGE_PATH, relayFromScript } from "../harness/browser/page-frame";
import { usageOrFail } from "../harness/cli";
import type { BackgroundToRelayReply } from "../messaging/relay-to-background";
import { startStreamFixture } from "../tests/browser/support/stream-fixture";

const USAGE = `npm run bench:flood -- [options]
  --swarms N   swarms each flooding frame tries to open (default 100)
  --frames N   frames flooding at once in the second wave (default 40)
  --settle S   seconds to watch after each wave and after the stop (default 15)`;

const { values } = parseArgs({
  options: {
    swarms: { type: "string", default: "100" },
    frames: { type: "string", default: "40" },
    settle: { type: "string", default: "15" },
    help: { type: "boolean", default: false },
  },
});
const fail: (message: string) => never = usageOrFail(USAGE, values.help);
const SWARMS = Number(values.swarms);
const FRAMES = Number(values.frames);
const SETTLE_MS = Number(values.settle) * 1000;
if (!Number.isInteger(SWARMS) || SWARMS < 1) fail("--swarms must be a whole number, at least 1");
if (!Number.isInteger(FRAMES) || FRAMES < 1) fail("--frames must be a whole number, at least 1");
if (!(SETTLE_MS >= 0)) fail("--settle must be a number of seconds");

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fixture = await startStreamFixture({ seconds: 40 });
const browser = await launchWithExtension(TEST_EXTENSION_DIR);
const driver = new ExtensionDriver(browser.worker);
const probe = new EngineMetricsProbe(browser.context);

interface Row {
  phase: string;
  swarms: number;
  heapMb: number;
  rssMb: number;
}
const rows: Row[] = [];

const swarmCount = async () => {
  const status = await driver.engineStatus();
  return status.ok ? status.swarms.length : Number.NaN;
};
const sample = async (): Promise<EngineMetrics> => {
  const metrics = await probe.sample();
  if (metrics === undefined) throw new Error("the engine's document is not there");
  return metrics;
};
const record = async (phase: string) => {
  const metrics = await sample();
  rows.push({
    phase,
    swarms: await swarmCount(),
    heapMb: metrics.engineJsHeapBytes / MB,
    rssMb: metrics.extensionProcessRssBytes / MB,
  });
};
/** Samples every second for `ms`, and records the highest heap and RSS seen (with the swarms then). */
const recordPeak = async (phase: string, ms: number) => {
  const peak: Row = { phase, swarms: 0, heapMb: 0, rssMb: 0 };
  for (const end = Date.now() + ms; Date.now() < end; await sleep(1000)) {
    const metrics = await sample();
    peak.heapMb = Math.max(peak.heapMb, metrics.engineJsHeapBytes / MB);
    peak.rssMb = Math.max(peak.rssMb, metrics.extensionProcessRssBytes / MB);
    peak.swarms = Math.max(peak.swarms, await swarmCount());
  }
  rows.push(peak);
};

const outcomes = new Map<string, number>();
const count = (reply: BackgroundToRelayReply) => {
  const key = reply.ok
    ? "admitted"
    : reply.refusal === "engine-error"
      ? `refused: ${/[a-z]+-swarm-limit/.exec(reply.detail)?.[0] ?? reply.detail}`
      : `refused: ${reply.refusal}`;
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
};
/** One frame's flood: `SWARMS` loads of distinct swarms, each with the whole stream queued. */
const flood = async (frame: FakeFrame, prefix: string) => {
  for (let index = 0; index < SWARMS; index++) {
    const swarmId = `${prefix}-${String(index)}`;
    count(await driver.relay({ type: "relay/load", swarmId, segments: fixture.queue }, frame));
  }
};

try {
  await driver.preset(fixture.settings, [fixture.site]);
  await driver.waitForPageScripts(`${fixture.site}/*`);
  const viewer = await browser.context.newPage();
  await viewer.goto(`${fixture.site}${BLANK_PAGE_PATH}`);
  // As the page hook asks.
  const load = { type: "relay/load", swarmId: "own", segments: fixture.queue };
  const own = await relayFromScript(viewer, load);
  if ((own as { ok?: unknown }).ok !== true) throw new Error(`own swarm: ${JSON.stringify(own)}`);
  await sleep(SETTLE_MS);
  await record("at rest (1 page, its own swarm)");

  const single: FakeFrame = { tabId: 900, frameId: 0, origin: fixture.site };
  const wave1 = flood(single, "one-frame");
  await Promise.all([wave1, recordPeak(`1 frame x ${String(SWARMS)} swarms (peak)`, 2000)]);
  await recordPeak(`  ... ${String(SETTLE_MS / 1000)} s on (peak)`, SETTLE_MS);

  const frames = Array.from({ length: FRAMES }, (_, index): FakeFrame => ({
    tabId: 901 + (index % 4),
    frameId: index + 1,
    origin: fixture.site,
  }));
  const wave2 = Promise.all(frames.map((frame, index) => flood(frame, `frame-${String(index)}`)));
  await Promise.all([
    wave2,
    recordPeak(`${String(FRAMES)} frames x ${String(SWARMS)} swarms (peak)`, 2000),
  ]);
  await recordPeak(`  ... ${String(SETTLE_MS / 1000)} s on (peak)`, SETTLE_MS);

  for (const frame of [single, ...frames]) await driver.relay({ type: "relay/stop" }, frame);
  await sleep(SETTLE_MS);
  await record(`after every flooding frame stopped (+${String(SETTLE_MS / 1000)} s)`);
  await viewer.close();
} finally {
  await probe.close();
  await browser.close();
  await fixture.close();
}

const attempts = SWARMS * (FRAMES + 1);
console.log(`\nswarm flood: ${String(attempts)} relay/load attempts, whole stream queued each`);
for (const [outcome, n] of [...outcomes].sort()) console.log(`  ${outcome}: ${String(n)}`);
console.log("\n| phase | swarms in engine | engine JS heap MB | extension process RSS MB |");
console.log("| --- | --: | --: | --: |");
for (const row of rows) {
  console.log(
    `| ${row.phase} | ${String(row.swarms)} | ${row.heapMb.toFixed(1)} | ${row.rssMb.toFixed(1)} |`,
  );
}
