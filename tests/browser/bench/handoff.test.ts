/**
 * The hand-off benchmark script in Chromium and in Firefox, short (4 runs a route), so that a
 * change that breaks it shows here and not at the end of a 35-minute `npm run bench`. The script itself checks that every
 * hand-off returned the whole segment over the route it measures and that the pass-through pages
 * had (or lacked) the extension's scripts; here: it finishes and writes every row. No timing is
 * asserted.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript, type ScriptRun } from "../support/run-script";

interface HandoffJson {
  rows: { measure: string; route: string; runs: number; medianMs: number; p95Ms: number }[];
}

const PASS_THROUGH = [
  "extension enabled for the site",
  "extension not enabled",
  "extension enabled for the site",
  "extension not enabled",
];

/** Each browser's arm: its hand-off routes (Firefox has no switch for the fallback), then the pass-through. */
const ARMS = [
  {
    browser: "chromium",
    routes: ["fast path (MessagePort)", "fallback (runtime msg, base64)", ...PASS_THROUGH],
    banner: "headless Chromium",
  },
  {
    browser: "firefox",
    routes: ["fast path (runtime.Port)", ...PASS_THROUGH],
    banner: "headless Firefox",
  },
];

describe.each(ARMS)("npm run bench:handoff -- --browser $browser (4 runs a route)", (arm) => {
  let dir: string;
  let run: ScriptRun;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `p2pv-handoff-${arm.browser}-`));
    run = await runScript("scripts/bench-handoff.ts", [
      "--browser",
      arm.browser,
      "--runs",
      "4",
      "--out",
      join(dir, "h.json"),
    ]);
  }, 180_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("measures the hand-off routes and the pass-through with and without the extension", async () => {
    expect(run.code, run.stderr).toBe(0);
    const { rows } = JSON.parse(await readFile(join(dir, "h.json"), "utf8")) as HandoffJson;
    expect(rows.map((row) => row.route)).toEqual(arm.routes);
    for (const row of rows) {
      expect(row.runs, row.measure).toBe(4);
      expect(row.medianMs).toBeGreaterThan(0);
      expect(row.p95Ms).toBeGreaterThanOrEqual(row.medianMs);
    }
    expect(run.stdout).toContain("| hand-off 2 MiB (ask -> ArrayBuffer in page) |");
    expect(run.stdout).toContain(arm.banner);
  });
});
