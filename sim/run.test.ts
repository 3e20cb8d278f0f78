import { describe, expect, it } from "vitest";
import { runScenario } from "./run.js";
import { defaultScenario, type Scenario } from "./scenario.js";
import type { SimResult } from "./summary.js";

const small = (overrides: Partial<Scenario>): Scenario => ({
  ...defaultScenario,
  peers: 10,
  minutes: 2,
  joinSpreadSeconds: 20,
  ...overrides,
});

/** Everything but the wall time, which is the one figure that may differ between two runs. */
const figures = (result: SimResult) => ({ ...result, wallSeconds: 0 });

function expectSound(result: SimResult): void {
  // Every segment any loader delivered had the origin's bytes.
  expect(result.corrupt).toBe(0);
  // What the viewers received over HTTP is exactly what the origin served.
  expect(result.httpBytes).toBe(result.originBytes);
  // Peers carried a good part of it, but never more than the ideal allows.
  expect(result.p2pShare).toBeGreaterThan(0.3);
  expect(result.p2pShare).toBeLessThanOrEqual(result.idealShare);
  expect(result.messagesPerPeerSecond).toBeGreaterThan(0);
  expect(result.announcesPerSecond).toBeGreaterThan(0);
  for (const size of Object.keys(result.subsetSizes).map(Number)) {
    expect(size).toBeLessThanOrEqual(Math.min(5, result.viewers - 1));
  }
}

describe("runScenario", () => {
  it("VOD: 10 viewers share most of the stream, soundly, and the same seed repeats exactly", async () => {
    const first = await runScenario(small({ mode: "vod", seed: 4 }));
    expectSound(first);
    expect(first.viewers).toBe(10);
    expect(first.idealShare).toBeGreaterThan(0.85);
    expect(first.idealShare).toBeLessThanOrEqual(0.9); // 1 - 1/10 at most
    expect(first.stalls).toBe(0);
    const again = await runScenario(small({ mode: "vod", seed: 4 }));
    expect(figures(again)).toEqual(figures(first));
    const other = await runScenario(small({ mode: "vod", seed: 5 }));
    expect(figures(other)).not.toEqual(figures(first));
  }, 60_000);

  it("live with churn: viewers come and go, and the swarm still carries the stream", async () => {
    const result = await runScenario(small({ mode: "live", churnMinutes: 1, seed: 2 }));
    expectSound(result);
    expect(result.viewers).toBeGreaterThan(10); // arrivals replaced those who left
    expect(result.meanStartupMs).toBeGreaterThan(0);
  }, 60_000);

  it("a setting reaches the loaders: without P2P the origin serves everything", async () => {
    const result = await runScenario(
      small({ mode: "vod", minutes: 1, settings: { useP2P: false } }),
    );
    expect(result.p2pShare).toBe(0);
    expect(result.corrupt).toBe(0);
    expect(result.announcesPerSecond).toBe(0);
  }, 60_000);
});
