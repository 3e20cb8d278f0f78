import { describe, expect, it } from "vitest";
import { planRequest, URGENT_AHEAD_S } from "./request-policy";

describe("planRequest", () => {
  it("needed next, engine ready: priority 0 and the stream's usual deadline", () => {
    expect(planRequest(1, 1000, true)).toEqual({ priority: 0, deadlineMs: 1000, direct: false });
  });

  it("needed next, engine starting, nothing measured (or nonsense): straight to the network", () => {
    for (const refill of [undefined, Number.NaN, -1]) {
      expect(planRequest(1.97, 1000, false, refill)).toEqual({
        priority: 0,
        deadlineMs: 0,
        direct: true,
      });
    }
  });

  it("needed next, engine starting, a fast network: waits, leaving at least 1 s", () => {
    expect(planRequest(1.97, 1000, false, 0.05)).toEqual({
      priority: 1,
      deadlineMs: 970,
      direct: false,
      starting: true,
    });
  });

  it("leaves 4x the page's fetch time when that is more than 1 s, and waits only 0.8 s or more", () => {
    // 4 x 0.29 = 1.16 s left: 0.81 s to wait.
    expect(planRequest(1.97, 1000, false, 0.29).deadlineMs).toBe(810);
    // 4 x 0.3 = 1.2 s left: 0.77 s, too short for the engine's start.
    expect(planRequest(1.97, 1000, false, 0.3).direct).toBe(true);
    // 1 s left: 0.79 s.
    expect(planRequest(1.79, 1000, false, 0.01).direct).toBe(true);
  });

  it("never waits longer than a request asked for ahead of time waits at the least", () => {
    const justUnder = planRequest(URGENT_AHEAD_S - 0.01, 1000, false, 0.01);
    const ahead = planRequest(URGENT_AHEAD_S, 1000, false, 0.01);
    expect(justUnder.deadlineMs).toBe(1500);
    expect(ahead.deadlineMs).toBe(1500);
  });

  it("asked for ahead of time: priority 1, leaving 2 s, at most 3 s", () => {
    expect(planRequest(4.5, 1000, false)).toEqual({ priority: 1, deadlineMs: 2500, direct: false });
    expect(planRequest(25, 1000, true).deadlineMs).toBe(3000);
  });
});
