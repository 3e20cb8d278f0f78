/**
 * The demo, end to end and short: `scripts/demo.ts` with 2 viewers on a 12 s HLS VOD stream
 * (the built extension, real Chromium, a real tracker and WebRTC inside the test's network
 * namespace). It must finish, print progress and the summary table, and write a report whose
 * figures are plausible (the later viewer got bytes from its peer, the origin served less than
 * every viewer's bytes) and whose charts draw. Then the same with `--browser mixed` (a Chromium
 * and a Firefox viewer), and the runner itself on a short live window.
 * No timing is asserted beyond what the live window guarantees by construction.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, HEADLESS_ARGS } from "../../../harness/browser/chromium";
import type { RunSummary } from "../../../harness/browser/report-summary";
import { runBrowserSwarm, type BrowserSwarmResult } from "../../../harness/browser/swarm";
import { runScript } from "../support/run-script";

interface DemoJson {
  summary: RunSummary;
  result: BrowserSwarmResult;
}

/** Runs the demo script (already inside the namespace: P2PV_NETNS is inherited). */
const runDemo = (args: string[]) => runScript("scripts/demo.ts", args);

describe("npm run demo (2 viewers, 12 s VOD)", () => {
  let out: string;
  let run: Awaited<ReturnType<typeof runDemo>>;
  let report: DemoJson;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "p2pv-demo-"));
    run = await runDemo(["--viewers", "2", "--seconds", "12", "--skip-build", "--out", out]);
    if (run.code !== 0) throw new Error(`demo exited ${String(run.code)}:\n${run.stderr}`);
    report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as DemoJson;
  }, 180_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("prints progress lines and the summary table", () => {
    const lines = run.stdout.split("\n");
    expect(lines.filter((line) => /^t +\d+ s \| v1 /.test(line)).length).toBeGreaterThan(3);
    expect(lines.some((line) => /^viewer\s+HTTP MiB\s+P2P MiB\s+uploaded MiB/.test(line))).toBe(
      true,
    );
    for (const label of ["v1", "v2", "total"]) {
      expect(lines.some((line) => line.startsWith(`${label} `))).toBe(true);
    }
    expect(run.stdout).toMatch(/origin served \d+\.\d+ MiB of segments/);
    expect(run.stdout).toContain("ideal for 2 viewers 1 - 1/N = 50.0%");
  });

  it("reports plausible figures: both played to the end, the later viewer got P2P bytes", () => {
    const { result, summary } = report;
    expect(result.viewers).toHaveLength(2);
    const [first, later] = result.viewers;
    for (const viewer of result.viewers) {
      expect(viewer.ended, `v${String(viewer.index + 1)} ended`).toBe(true);
      expect(viewer.errors).toEqual([]);
      expect(viewer.firstFrameMs).not.toBeNull();
      expect(viewer.samples.length).toBeGreaterThan(3);
      expect(viewer.engine?.extensionProcessCpuMs).toBeGreaterThan(0);
    }
    expect(first?.httpBytes).toBeGreaterThan(0);
    expect(later?.p2pBytes).toBeGreaterThan(0);
    expect(first?.uploadedBytes).toBeGreaterThan(0);
    // Every viewer received at least the whole stream; the origin served less than that in all.
    for (const viewer of result.viewers) {
      expect(viewer.httpBytes + viewer.p2pBytes).toBeGreaterThanOrEqual(result.streamBytes);
    }
    expect(result.originBytes).toBeGreaterThan(0);
    expect(result.originBytes).toBeLessThan(summary.withoutP2PBytes);
    expect(summary.idealShare).toBe(0.5);
  });

  it("writes a self-contained HTML report whose charts draw", async () => {
    const html = await readFile(join(out, "report.html"), "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(html).toContain("uPlot");
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: HEADLESS_ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`file://${join(out, "report.html")}`);
      // The swarm, the positions, and one chart per viewer.
      await page.waitForFunction(() => document.querySelectorAll(".uplot canvas").length === 4);
      expect(errors).toEqual([]);
      const rows = await page.$$eval("table.summary tr", (trs) => trs.length);
      expect(rows).toBe(4);
    } finally {
      await browser.close();
    }
  });
});

describe("npm run demo -- --browser mixed (a Chromium and a Firefox viewer, 12 s VOD)", () => {
  let out: string;
  let run: Awaited<ReturnType<typeof runDemo>>;
  let report: DemoJson;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "p2pv-demo-mixed-"));
    run = await runDemo([
      ...["--browser", "mixed", "--viewers", "2", "--seconds", "12", "--skip-build"],
      ...["--out", out],
    ]);
    if (run.code !== 0) throw new Error(`demo exited ${String(run.code)}:\n${run.stderr}`);
    report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as DemoJson;
  }, 180_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("plays both to the end; the Firefox viewer is marked, measured from outside, and got P2P bytes", () => {
    const lines = run.stdout.split("\n");
    expect(lines.some((line) => line.startsWith("v1 "))).toBe(true);
    expect(lines.some((line) => line.startsWith("v2 ff "))).toBe(true);
    expect(run.stdout).toContain("ff = Firefox viewer, measured from outside");
    const { result } = report;
    expect(result.browser).toBe("mixed");
    expect(result.viewers.map((viewer) => viewer.browser)).toEqual(["chromium", "firefox"]);
    for (const viewer of result.viewers) {
      expect(viewer.ended, `v${String(viewer.index + 1)} ended`).toBe(true);
      expect(viewer.errors).toEqual([]);
      expect(viewer.firstFrameMs).not.toBeNull();
      expect(viewer.engine?.extensionProcessRssBytes).toBeGreaterThan(0);
    }
    const [chromiumViewer, firefoxViewer] = result.viewers;
    expect(firefoxViewer?.uploadedBytes).toBeNull();
    expect(firefoxViewer?.p2pBytes).toBeGreaterThan(0);
    expect(chromiumViewer?.uploadedBytes).toBeGreaterThan(0);
    // The origin's per-profile count is part of its total.
    expect(firefoxViewer?.httpBytes).toBeLessThanOrEqual(result.originBytes);
  });
});

describe("runBrowserSwarm, live (2 viewers with the extension, 16 s live window)", () => {
  it("plays the sliding window to its end, which comes no sooner than the last segment is out", async () => {
    const stream = { seconds: 16, segmentSeconds: 2, bitrate: "800k", size: "640x360" };
    // 5 of the 8 segments are out at the start: players begin 3 segments behind the live edge.
    const liveWindow = { windowSegments: 5, initialSegments: 5 };
    const result = await runBrowserSwarm({
      viewers: 2,
      joinGapMs: 2000,
      player: "hls",
      mode: "extension",
      live: true,
      stream,
      liveWindow,
    });
    expect(result.stream).toBe("hls-live");
    for (const viewer of result.viewers) {
      expect(viewer.ended, `v${String(viewer.index + 1)} ended`).toBe(true);
      expect(viewer.errors).toEqual([]);
      expect(viewer.httpBytes + viewer.p2pBytes).toBeGreaterThan(0);
    }
    // Segments are published by wall clock: the event cannot end before the last one is out.
    const segments = stream.seconds / stream.segmentSeconds;
    const publishing = (segments - liveWindow.initialSegments) * stream.segmentSeconds * 1000;
    expect(result.elapsedMs).toBeGreaterThanOrEqual(publishing);
    // Live players start near the live edge: nobody received the whole stream.
    for (const viewer of result.viewers) {
      expect(viewer.httpBytes + viewer.p2pBytes).toBeLessThan(result.streamBytes);
    }
  }, 120_000);
});
