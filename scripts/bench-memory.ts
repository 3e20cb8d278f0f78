/**
 * What the extension costs in memory in one Chromium viewer, and what that memory is (run
 * `npm run build` first, then `npm run bench:memory`, which runs this inside scripts/netns.sh).
 * Not a test: it prints figures.
 *
 * Phases: the extension loaded with a site enabled and no engine yet (the service worker alone);
 * a page of the site queueing a whole HLS VOD in the engine (`relay/load`; the engine fetches
 * through the page what its scheduler takes; the peak of samples every 500 ms until the origin
 * serves nothing more for 10 s); the engine at rest after it (`--settle` s); the same after a
 * forced GC of the offscreen document. Figures per process, from /proc: RSS split into
 * anonymous memory (the process's own: heaps, buffers) and file-backed pages (Chromium's binary
 * and libraries, mapped by every Chromium process and counted in each one's RSS), and PSS (shared
 * pages divided among the processes sharing them). The extension process runs the service worker
 * and the offscreen document; a blank tab's renderer is the baseline any page costs. Apart from
 * the peak, each phase also splits the extension process's own memory by Chromium allocator
 * (harness/browser/memory-dump.ts): ArrayBuffers, Blink's buffers, malloc, V8, ...
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { CDPSession } from "playwright-core";
import { launchWithExtension, TEST_EXTENSION_DIR } from "../harness/browser/chromium";
import { EngineMetricsProbe } from "../harness/browser/engine-metrics";
import { ExtensionDriver } from "../harness/browser/extension-driver";
import {
  dumpAllocators,
  MAIN_ALLOCATORS,
  type AllocatorSizes,
} from "../harness/browser/memory-dump";
import { BLANK_PAGE_PATH, relayFromScript } from "../harness/browser/page-frame";
import { usageOrFail } from "../harness/cli";
import { startStreamFixture } from "../tests/browser/support/stream-fixture";

const USAGE = `npm run bench:memory -- [options]
  --seconds S  length of the VOD queued in the engine (default 120: 19 MB at 1200k)
  --settle S   seconds to wait after the load before the at-rest figures (default 15)`;

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "120" },
    settle: { type: "string", default: "15" },
    help: { type: "boolean", default: false },
  },
});
const fail: (message: string) => never = usageOrFail(USAGE, values.help);
const SECONDS = Number(values.seconds);
const SETTLE_MS = Number(values.settle) * 1000;
if (!Number.isInteger(SECONDS) || SECONDS < 2) fail("--seconds must be a whole number, at least 2");
if (!(SETTLE_MS >= 0)) fail("--settle must be a number of seconds");

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ProcessMemory {
  rss: number;
  anon: number;
  file: number;
  pss: number;
}

async function memoryOf(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${String(pid)}/status`, "utf8");
  const kib = (text: string, field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0) * 1024;
  const rollup = await readFile(`/proc/${String(pid)}/smaps_rollup`, "utf8").catch(() => "");
  return {
    rss: kib(status, "VmRSS"),
    anon: kib(status, "RssAnon"),
    file: kib(status, "RssFile") + kib(status, "RssShmem"),
    pss: kib(rollup, "Pss"),
  };
}

/** The renderer processes of this browser: the extension's, and the others (pages). */
async function renderers(session: CDPSession): Promise<{ extension?: number; pages: number[] }> {
  const { processInfo } = await session.send("SystemInfo.getProcessInfo");
  const result: { extension?: number; pages: number[] } = { pages: [] };
  for (const info of processInfo) {
    if (info.type !== "renderer") continue;
    const cmdline = await readFile(`/proc/${String(info.id)}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes("--extension-process")) result.extension = info.id;
    else result.pages.push(info.id);
  }
  return result;
}

const fixture = await startStreamFixture({ seconds: SECONDS });
const browser = await launchWithExtension(TEST_EXTENSION_DIR);
const driver = new ExtensionDriver(browser.worker);
const probe = new EngineMetricsProbe(browser.context);
const cdp = await browser.context.browser()?.newBrowserCDPSession();
if (cdp === undefined) throw new Error("no browser CDP session");

interface Row {
  phase: string;
  extension: ProcessMemory;
  heapMb: number;
  page?: ProcessMemory;
  /** The extension process's memory by allocator (not for the peak: a dump takes time). */
  allocators?: AllocatorSizes;
}
const rows: Row[] = [];
const measure = async (phase: string, pagePid?: number, split = true): Promise<Row> => {
  const { extension } = await renderers(cdp);
  if (extension === undefined) throw new Error("no extension process");
  const metrics = await probe.sample();
  const row: Row = {
    phase,
    extension: await memoryOf(extension),
    heapMb: (metrics?.engineJsHeapBytes ?? 0) / MB,
    ...(pagePid === undefined ? {} : { page: await memoryOf(pagePid) }),
  };
  if (split) row.allocators = (await dumpAllocators(cdp)).get(extension);
  return row;
};

try {
  await driver.preset(fixture.settings, [fixture.site]);
  await driver.waitForPageScripts(`${fixture.site}/*`);
  await sleep(2000);
  rows.push(await measure("service worker only (no engine)"));

  const viewer = await browser.context.newPage();
  await viewer.goto(`${fixture.site}${BLANK_PAGE_PATH}`);
  const pagePid = (await renderers(cdp)).pages.at(-1);
  const load = { type: "relay/load", swarmId: "own", segments: fixture.queue };
  const own = await relayFromScript(viewer, load);
  if ((own as { ok?: unknown }).ok !== true) throw new Error(`load: ${JSON.stringify(own)}`);
  const total = fixture.stream.segments.reduce((sum, segment) => sum + segment.bytes, 0);
  // Until the origin has served the whole VOD, or nothing more for 10 s (the engine fetches what
  // its queue and cache allow).
  const peak = await measure("loading the VOD (peak RSS)", pagePid, false);
  let served = 0;
  for (let still = Date.now(); served < total && Date.now() - still < 10_000; await sleep(500)) {
    const now = fixture.origin.servedBytes();
    if (now > served) still = Date.now();
    served = now;
    const row = await measure("loading the VOD (peak RSS)", pagePid, false);
    if (row.extension.rss > peak.extension.rss) Object.assign(peak, row);
  }
  rows.push(peak);
  rows.push(await measure("end of the load", pagePid));
  const segments = fixture.stream.segments.length;
  console.log(
    `queued ${String(segments)} segments, ${(total / MB).toFixed(1)} MB; the engine fetched ${(served / MB).toFixed(1)} MB through the page`,
  );
  await sleep(SETTLE_MS);
  rows.push(await measure(`at rest, ${String(SETTLE_MS / 1000)} s after the load`, pagePid));
  await probe.collectGarbage();
  await sleep(1000);
  rows.push(await measure("  ... after a forced GC of the engine", pagePid));
} finally {
  await cdp.detach().catch(() => undefined);
  await probe.close();
  await browser.close();
  await fixture.close();
}

const mb = (bytes: number) => (bytes / MB).toFixed(1);
console.log(
  "\n| phase | extension RSS | anon | file-backed | PSS | engine JS heap | blank page RSS (anon) |",
);
console.log("| --- | --: | --: | --: | --: | --: | --: |");
for (const { phase, extension, heapMb, page } of rows) {
  const pageCell = page === undefined ? "" : `${mb(page.rss)} (${mb(page.anon)})`;
  console.log(
    `| ${phase} | ${mb(extension.rss)} | ${mb(extension.anon)} | ${mb(extension.file)} | ${mb(extension.pss)} | ${heapMb.toFixed(1)} | ${pageCell} |`,
  );
}
console.log("MiB; RSS = anon + file-backed; PSS shares the file-backed pages among processes.");

console.log(`\nThe extension process by allocator (Chromium memory-infra), MiB:\n`);
console.log(`| phase | ${MAIN_ALLOCATORS.join(" | ")} |`);
console.log(`| --- |${" --: |".repeat(MAIN_ALLOCATORS.length)}`);
for (const { phase, allocators } of rows) {
  if (allocators === undefined) continue;
  const cells = MAIN_ALLOCATORS.map((name) => mb(allocators.get(name) ?? 0));
  console.log(`| ${phase} | ${cells.join(" | ")} |`);
}
