/**
 * Benchmark of the hand-off between the engine and the page (run `npm run build` first, then
 * `npm run bench:handoff`, which runs this inside scripts/netns.sh):
 *
 * 1. Hand-off of a cached 2 MiB segment, engine -> page: the page asks the relay exactly as the
 *    page hook does and the time is taken in the page from the ask to the ArrayBuffer in hand,
 *    over the fast path (MessagePort) and over the fallback (runtime messages, base64). The
 *    fast path is switched off in the background for the fallback runs.
 * 2. Pass-through overhead of the page hook for a request it does not match: a 1 MiB fetch, time
 *    to the first body chunk and to the whole body, on the same origin with the extension enabled
 *    for the site (hook and relay injected) and not enabled (no scripts), in alternating rounds.
 *
 * Median and p95 over `--runs` runs each (after WARMUP unmeasured runs). Also written to
 * `--out` (default artifacts/bench-handoff.json).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { startTracker } from "../harness/tracker";
import { launchWithExtension, TEST_EXTENSION_DIR } from "../harness/browser/chromium";
import { ExtensionDriver } from "../harness/browser/extension-driver";
import { FastPathDriver } from "../tests/browser/support/fast-path-driver";
import { bundle } from "../tests/browser/support/intercept-browser";
import { startOrigin, type Origin } from "../tests/browser/support/intercept-server";
import { waitFor } from "../tests/browser/support/wait-for";
import { usageOrFail } from "../harness/cli";

const USAGE = `npm run bench:handoff -- [options]
  --runs N     measured runs of each route (default 60)
  --out FILE   the rows as JSON (default artifacts/bench-handoff.json)`;

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "60" },
    out: { type: "string", default: "artifacts/bench-handoff.json" },
    help: { type: "boolean", default: false },
  },
});
const fail: (message: string) => never = usageOrFail(USAGE, values.help);
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 4) fail("--runs must be a whole number, at least 4");
const WARMUP = 5;
const SEGMENT_BYTES = 2 * 1024 * 1024;
const BODY_BYTES = 1024 * 1024;
const COMMAND = "npm run build && npm run bench:handoff";

interface Row {
  measure: string;
  route: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const row = (measure: string, route: string, times: number[]): Row => ({
  measure,
  route,
  runs: times.length,
  medianMs: quantile(times, 0.5),
  p95Ms: quantile(times, 0.95),
});

/**
 * Puts a segment the page fetched from the origin into the swarm. Over the fast path: the engine
 * checks a page's bytes against the origin through the page's port, so without one it refuses
 * them.
 */
async function fill(page: Page, swarmId: string): Promise<void> {
  const url = `${new URL(page.url()).origin}/data/${swarmId}.bin`;
  const stored = await page.evaluate(
    ({ swarmId, url, size }) => window.__relay.put(swarmId, "seg-1", url, size),
    { swarmId, url, size: SEGMENT_BYTES },
  );
  if (!stored.put.ok) throw new Error(`put-segment failed: ${JSON.stringify(stored)}`);
}

/** Times the gets of the segment `fill` put, from `page`. */
async function handoff(page: Page, swarmId: string): Promise<number[]> {
  const { times, answers } = await page.evaluate(
    ({ swarmId, runs }) => window.__relay.timeGets(swarmId, "seg-1", runs),
    { swarmId, runs: RUNS + WARMUP },
  );
  const bad = answers.filter(
    (answer) => answer.byteLength !== SEGMENT_BYTES || !answer.arrayBuffer,
  );
  if (bad.length > 0) throw new Error(`not every get returned the segment: ${JSON.stringify(bad)}`);
  return times.slice(WARMUP);
}

async function fetches(page: Page, origin: Origin, runs: number) {
  return page.evaluate(({ url, runs }) => window.__relay.timeFetches(url, runs), {
    url: `${origin.base}/data/passthrough.bin?size=${String(BODY_BYTES)}`,
    runs,
  });
}

const origin = await startOrigin({
  bundles: { "/hook.js": await bundle("relay-page-calls.ts") },
  streams: {},
});
const tracker = await startTracker();
const browser = await launchWithExtension(TEST_EXTENSION_DIR);
const rows: Row[] = [];
try {
  const driver = new ExtensionDriver(browser.worker);
  const fast = new FastPathDriver(browser.worker);
  const settings = { trackerAnnounce: [tracker.url], rtcConfig: { iceServers: [] } };
  await driver.preset(settings, [origin.base]);
  await driver.waitForPageScripts(`${origin.base}/*`);
  const open = async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin.base}/blank.html`);
    return page;
  };

  const fastPage = await open();
  const bound = (await fast.engineCounters())?.bound ?? 0;
  // The relay opens its port on the page's first request.
  await fastPage.evaluate(() =>
    window.__relay.ask({ type: "relay/load", swarmId: "bench-fast", segments: [] }),
  );
  await waitFor(
    async () => ((await fast.engineCounters())?.bound ?? 0) > bound,
    10_000,
    "the fast path to come up",
  );
  await fill(fastPage, "bench-fallback");
  await fill(fastPage, "bench-fast");

  // The fallback: a page of the same site whose relay opens no fast path.
  await fast.setFastPath(false);
  const slowPage = await open();
  const before = await fast.relayCounts();
  const slow = await handoff(slowPage, "bench-fallback");
  const after = await fast.relayCounts();
  if (after.fallback.hits - before.fallback.hits !== RUNS + WARMUP) {
    throw new Error("the fallback runs did not all take the runtime-message route");
  }
  await slowPage.close();
  await fast.setFastPath(true);

  const fallbackBefore = await fast.relayCounts();
  const quick = await handoff(fastPage, "bench-fast");
  const fallbackAfter = await fast.relayCounts();
  if (
    fallbackAfter.fallback.gets !== fallbackBefore.fallback.gets ||
    fallbackAfter.fallback.puts !== fallbackBefore.fallback.puts
  ) {
    throw new Error("a fast-path run took the fallback route");
  }
  await fastPage.close();
  rows.push(row("hand-off 2 MiB (ask -> ArrayBuffer in page)", "fast path (MessagePort)", quick));
  rows.push(
    row("hand-off 2 MiB (ask -> ArrayBuffer in page)", "fallback (runtime msg, base64)", slow),
  );

  // Pass-through: alternate rounds with and without the extension enabled for the site.
  const withHook = { firstByte: [] as number[], full: [] as number[] };
  const without = { firstByte: [] as number[], full: [] as number[] };
  const rounds = 4;
  for (let round = 0; round < rounds; round++) {
    for (const enabled of [true, false]) {
      await driver.preset(settings, enabled ? [origin.base] : []);
      if (enabled) await driver.waitForPageScripts(`${origin.base}/*`);
      else await new Promise((resolve) => setTimeout(resolve, 500));
      const page = await open();
      // The relay answers only where the extension's scripts run.
      const relay = await page.evaluate(() => window.__relay.ask({ type: "relay/stop" }, 1000));
      if (relay.ok !== enabled) throw new Error(`scripts ${enabled ? "missing" : "present"}`);
      await fetches(page, origin, 2);
      const result = await fetches(page, origin, Math.ceil(RUNS / rounds));
      if (result.bytes !== BODY_BYTES) throw new Error(`short body: ${String(result.bytes)}`);
      const into = enabled ? withHook : without;
      into.firstByte.push(...result.firstByte);
      into.full.push(...result.full);
      await page.close();
    }
  }
  rows.push(
    row(
      "pass-through 1 MiB fetch, first byte",
      "extension enabled for the site",
      withHook.firstByte,
    ),
  );
  rows.push(
    row("pass-through 1 MiB fetch, first byte", "extension not enabled", without.firstByte),
  );
  rows.push(
    row("pass-through 1 MiB fetch, whole body", "extension enabled for the site", withHook.full),
  );
  rows.push(row("pass-through 1 MiB fetch, whole body", "extension not enabled", without.full));
} finally {
  await browser.close();
  await origin.close();
  await tracker.close();
}

const runs = `${String(RUNS)} runs each after ${String(WARMUP)} warm-up, headless Chromium`;
console.log(`\n$ ${COMMAND}   (${runs})\n`);
console.log("| measure | route | runs | median ms | p95 ms |");
console.log("| --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(
    `| ${r.measure} | ${r.route} | ${String(r.runs)} | ${r.medianMs.toFixed(2)} | ${r.p95Ms.toFixed(2)} |`,
  );
}
await mkdir(dirname(values.out), { recursive: true });
await writeFile(values.out, JSON.stringify({ command: COMMAND, rows }, null, 2));
