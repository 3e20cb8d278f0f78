import { describe, expect, it } from "vitest";
import { addSample, trafficPoints, type StatsSample } from "./stats-history";

describe("stats history", () => {
  it("keeps one minute of samples plus the base before it", () => {
    let history: StatsSample[] = [];
    for (let second = 0; second <= 90; second += 1)
      history = addSample(history, { httpBytes: second * 10, p2pBytes: 0 }, second * 1000);
    expect(history[0]?.at).toBe(29_000);
    expect(history.at(-1)?.at).toBe(90_000);
    expect(trafficPoints(history)).toHaveLength(61);
  });

  it("turns cumulative counts into rates, newest at age 0", () => {
    const history = [
      { at: 0, httpBytes: 0, p2pBytes: 0 },
      { at: 1000, httpBytes: 1000, p2pBytes: 0 },
      { at: 3000, httpBytes: 1000, p2pBytes: 4000 },
    ];
    expect(trafficPoints(history)).toEqual([
      { age: 2, http: 1000, p2p: 0 },
      { age: 0, http: 0, p2p: 2000 },
    ]);
  });

  it("never shows a negative rate when a new engine starts counting from zero", () => {
    const points = trafficPoints([
      { at: 0, httpBytes: 5000, p2pBytes: 5000 },
      { at: 1000, httpBytes: 300, p2pBytes: 0 },
    ]);
    expect(points).toEqual([{ age: 0, http: 300, p2p: 0 }]);
  });
});
