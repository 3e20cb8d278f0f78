/**
 * Benchmark of the hand-off between the engine and the page (run `npm run build` first, then
 * `npm run bench:handoff`, which runs this inside scripts/netns.sh):
 *
 * 1. Hand-off of a cached 2 MiB segment, engine -> page: the page asks the relay exactly as the
 *    page hook does and the time is taken in the page from the ask to the ArrayBuffer in hand,
 *    over the fast path and, in Chromium, over the fallback (runtime messages, base64). The
 *    fast path is switched off in the background for the fallback runs.
 * 2. Pass-through overhead of the page hook for a request it does not match: a 1 MiB fetch, time
 *    to the first body chunk and to the whole body, on the same origin with the extension enabled
 *    for the site (hook and relay injected) and not enabled (no scripts); in Chromium in
 *    alternating rounds, in Firefox one browser with the extension and one without.
 *
 * `--browser firefox` runs the same in firefox-esr with the Firefox test build, where the fast
 * path is a runtime.Port to the event page; no tool reaches Firefox's background to switch the
 * fast path off, so there is no fallback row (the page checks that every get went over the port:
 * the relay said its port was up and never down).
 *
 * Median and p95 over `--runs` runs each (after WARMUP unmeasured runs). Also written to
 * `--out` (default artifacts/bench-handoff.json, or artifacts/bench-handoff-firefox.json).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import type { Page as ChromiumPage } from "playwright-core";
import type { Page as FirefoxPage } from "puppeteer-core";
import {
  gotoUntilHooked,
  launchFirefox,
  launchFirefoxWithExtension,
} from "../harness/browser/firefox";
import { startTracker, type LocalTracker } from "../harness/tracker";
import { launchWithExtension, TEST_EXTENSION_DIR } from "../harness/browser/chromium";
import { ExtensionDriver } from "../harness/browser/extension-driver";
import { FastPathDriver } from "../tests/browser/support/fast-path-driver";
import { bundle } from "../tests/browser/support/intercept-browser";
import { startOrigin, type Origin } from "../tests/browser/support/intercept-server";
import { waitFor } from "../tests/browser/support/wait-for";
import { usageOrFail } from "../harness/cli";

const USAGE = `npm run bench:handoff -- [options]
  --runs N          measured runs of each route (default 60)
  --browser NAME    chromium (default) or firefox
  --out FILE        the rows as JSON (default artifacts/bench-handoff[-firefox].json)`;

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "60" },
    browser: { type: "string", default: "chromium" },
    out: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
const fail: (message: string) => never = usageOrFail(USAGE, values.help);
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 4) fail("--runs must be a whole number, at least 4");
const FIREFOX = values.browser === "firefox";
if (!FIREFOX && values.browser !== "chromium") fail("--browser is chromium or firefox");
const OUT = values.out ?? `artifacts/bench-handoff${FIREFOX ? "-firefox" : ""}.json`;
const WARMUP = 5;
const SEGMENT_BYTES = 2 * 1024 * 1024;
const BODY_BYTES = 1024 * 1024;
const COMMAND = `npm run build && npm run bench:handoff${FIREFOX ? " -- --browser firefox" : ""}`;

/** What the benchmark needs of a page in either browser (Playwright's or puppeteer's). */
interface Page {
  evaluate<A, R>(run: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  url(): string;
}
// The two libraries type evaluate() each their own way; both run `run(arg)` in the page.
const chromiumPage = (page: ChromiumPage): Page => ({
  evaluate: <A, R>(run: (arg: A) => R | Promise<R>, arg: A) =>
    page.evaluate<R, never>(run as never, arg as never),
  url: () => page.url(),
});
const firefoxPage = (page: FirefoxPage): Page => ({
  evaluate: <A, R>(run: (arg: A) => R | Promise<R>, arg: A) => page.evaluate(run as never, arg),
  url: () => page.url(),
});

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

/** Times `runs` pass-through fetches after 2 unmeasured ones, checking the body's size. */
async function passThrough(page: Page, origin: Origin, runs: number) {
  await fetches(page, origin, 2);
  const result = await fetches(page, origin, runs);
  if (result.bytes !== BODY_BYTES) throw new Error(`short body: ${String(result.bytes)}`);
  return result;
}

const passThroughRows = (
  withHook: { firstByte: number[]; full: number[] },
  without: { firstByte: number[]; full: number[] },
): Row[] => [
  row("pass-through 1 MiB fetch, first byte", "extension enabled for the site", withHook.firstByte),
  row("pass-through 1 MiB fetch, first byte", "extension not enabled", without.firstByte),
  row("pass-through 1 MiB fetch, whole body", "extension enabled for the site", withHook.full),
  row("pass-through 1 MiB fetch, whole body", "extension not enabled", without.full),
];

/**
 * Firefox: a page of the enabled site with its port up, the hand-off over it, and the
 * pass-through with the extension; then a Firefox without the extension for the baseline.
 */
async function firefoxRows(origin: Origin, tracker: LocalTracker): Promise<Row[]> {
  const settings = { trackerAnnounce: [tracker.url], rtcConfig: { iceServers: [] } };
  const withExtension = await launchFirefoxWithExtension({
    settings,
    enabledSites: [origin.base],
  });
  let quick: number[];
  let withHook: Awaited<ReturnType<typeof passThrough>>;
  try {
    const page = await withExtension.browser.newPage();
    await gotoUntilHooked(page, `${origin.base}/blank.html`);
    const bench = firefoxPage(page);
    // The relay opens its port on the page's first request and says when it is up.
    await bench.evaluate(
      () => window.__relay.ask({ type: "relay/load", swarmId: "bench-fast", segments: [] }),
      undefined,
    );
    await page.waitForFunction(() => window.__relay.portStates().at(-1) === true, {
      timeout: 30_000,
    });
    await fill(bench, "bench-fast");
    quick = await handoff(bench, "bench-fast");
    const states = await bench.evaluate(() => window.__relay.portStates(), undefined);
    if (states.includes(false)) throw new Error("the port went down during the runs");
    withHook = await passThrough(bench, origin, RUNS);
  } finally {
    await withExtension.close();
  }
  const plain = await launchFirefox();
  try {
    const page = await plain.browser.newPage();
    await page.goto(`${origin.base}/blank.html`);
    const bench = firefoxPage(page);
    const without = await passThrough(bench, origin, RUNS);
    return [
      row("hand-off 2 MiB (ask -> ArrayBuffer in page)", "fast path (runtime.Port)", quick),
      ...passThroughRows(withHook, without),
    ];
  } finally {
    await plain.close();
  }
}

const origin = await startOrigin({
  bundles: { "/hook.js": await bundle("relay-page-calls.ts") },
  streams: {},
});
const tracker = await startTracker();
const rows: Row[] = [];
try {
  rows.push(
    ...(FIREFOX ? await firefoxRows(origin, tracker) : await chromiumRows(origin, tracker)),
  );
} finally {
  await origin.close();
  await tracker.close();
}

/** Chromium: both routes of the hand-off, and the pass-through in alternating rounds. */
async function chromiumRows(origin: Origin, tracker: LocalTracker): Promise<Row[]> {
  const rows: Row[] = [];
  const browser = await launchWithExtension(TEST_EXTENSION_DIR);
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
    await fill(chromiumPage(fastPage), "bench-fallback");
    await fill(chromiumPage(fastPage), "bench-fast");

    // The fallback: a page of the same site whose relay opens no fast path.
    await fast.setFastPath(false);
    const slowPage = await open();
    const before = await fast.relayCounts();
    const slow = await handoff(chromiumPage(slowPage), "bench-fallback");
    const after = await fast.relayCounts();
    if (after.fallback.hits - before.fallback.hits !== RUNS + WARMUP) {
      throw new Error("the fallback runs did not all take the runtime-message route");
    }
    await slowPage.close();
    await fast.setFastPath(true);

    const fallbackBefore = await fast.relayCounts();
    const quick = await handoff(chromiumPage(fastPage), "bench-fast");
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
        const result = await passThrough(chromiumPage(page), origin, Math.ceil(RUNS / rounds));
        const into = enabled ? withHook : without;
        into.firstByte.push(...result.firstByte);
        into.full.push(...result.full);
        await page.close();
      }
    }
    rows.push(...passThroughRows(withHook, without));
  } finally {
    await browser.close();
  }
  return rows;
}

const runs = `${String(RUNS)} runs each after ${String(WARMUP)} warm-up, headless ${FIREFOX ? "Firefox" : "Chromium"}`;
console.log(`\n$ ${COMMAND}   (${runs})\n`);
console.log("| measure | route | runs | median ms | p95 ms |");
console.log("| --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(
    `| ${r.measure} | ${r.route} | ${String(r.runs)} | ${r.medianMs.toFixed(2)} | ${r.p95Ms.toFixed(2)} |`,
  );
}
await mkdir(dirname(OUT), { recursive: true });
await writeFile(OUT, JSON.stringify({ command: COMMAND, rows }, null, 2));
