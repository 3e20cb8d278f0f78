/** The demo's figures from a run: shares, totals, the origin against no P2P, the ideal 1 - 1/N. */
import { describe, expect, it } from "vitest";
import { summarize } from "../../harness/browser/report-summary";
import { summaryText } from "../../harness/browser/report-text";
import type { ViewerReport } from "../../harness/browser/swarm";

const MiB = 1024 * 1024;

function viewer(index: number, patch: Partial<ViewerReport>): ViewerReport {
  return {
    index,
    browser: "chromium",
    joinedAt: index * 3,
    httpBytes: 0,
    p2pBytes: 0,
    uploadedBytes: 0,
    pageHttpBytes: 0,
    peers: 0,
    stalls: 0,
    stallMs: 0,
    firstFrameMs: null,
    position: 0,
    ended: true,
    errors: [],
    samples: [],
    ...patch,
  };
}

describe("run summary", () => {
  const viewers = [
    viewer(0, { httpBytes: 8 * MiB, uploadedBytes: 6 * MiB, firstFrameMs: 900 }),
    viewer(1, { httpBytes: 2 * MiB, p2pBytes: 6 * MiB, stalls: 1, stallMs: 1500 }),
    viewer(2, { httpBytes: 0, p2pBytes: 8 * MiB, firstFrameMs: 500, errors: ["x"] }),
  ];
  const summary = summarize({ viewers, originBytes: 10 * MiB, originOnceBytes: 8 * MiB });

  it("gives each viewer's share and the totals", () => {
    expect(summary.viewers.map((row) => row.p2pShare)).toEqual([0, 0.75, 1]);
    expect(summary.total).toMatchObject({
      httpBytes: 10 * MiB,
      p2pBytes: 14 * MiB,
      uploadedBytes: 6 * MiB,
      p2pShare: 14 / 24,
      stalls: 1,
      stallMs: 1500,
      firstFrameMs: 700,
      errors: 1,
    });
  });

  it("compares the origin with serving every viewer over HTTP, and the share with 1 - 1/N", () => {
    expect(summary.withoutP2PBytes).toBe(24 * MiB);
    expect(summary.offload).toBeCloseTo(1 - 10 / 24);
    expect(summary.idealShare).toBeCloseTo(2 / 3);
    expect(summary.shareOfIdeal).toBeCloseTo(14 / 24 / (2 / 3));
  });

  it("prints a table with a row per viewer and a total", () => {
    const lines = summaryText(summary).split("\n");
    expect(lines[0]).toMatch(/^viewer\s+HTTP MiB\s+P2P MiB\s+uploaded MiB\s+P2P share/);
    expect(lines.find((line) => line.startsWith("v2"))).toMatch(/2\.00\s+6\.00\s+0\.00\s+75\.0%/);
    expect(lines.find((line) => line.startsWith("total"))).toMatch(
      /10\.00\s+14\.00\s+6\.00\s+58\.3%/,
    );
    expect(lines.join("\n")).toContain("ideal for 3 viewers 1 - 1/N = 66.7%");
  });

  it("has no share before any byte", () => {
    const empty = summarize({ viewers: [viewer(0, {})], originBytes: 0, originOnceBytes: 0 });
    expect(empty.total.p2pShare).toBeNull();
    expect(empty.offload).toBeNull();
    expect(empty.idealShare).toBe(0);
  });
});
