import { describe, expect, it } from "vitest";
import { ENGINE_LIMITS } from "../messaging/engine-limits";
import { nearestSegments } from "./queue-limit";

const queue = (priorities: number[]) =>
  priorities.map((priority, index) => ({ id: `s${String(index)}`, priority }));

describe("nearestSegments", () => {
  it("keeps a queue within the limit as it is", () => {
    const segments = queue([0, 1, 2]);
    expect(nearestSegments(segments, 3)).toEqual(segments);
  });

  it("keeps the most urgent past the limit, in the page's order, the page's order breaking ties", () => {
    const segments = queue([5, 0, 9, 1, 1, 7]);
    expect(nearestSegments(segments, 3).map((segment) => segment.id)).toEqual(["s1", "s3", "s4"]);
  });

  it("holds a flood of a frame's queue to ENGINE_LIMITS.queuePerFrame", () => {
    const flood = queue(Array.from({ length: 512 }, (_, index) => 511 - index));
    const kept = nearestSegments(flood, ENGINE_LIMITS.queuePerFrame);
    expect(ENGINE_LIMITS.queuePerFrame).toBe(64);
    expect(kept).toHaveLength(64);
    expect(Math.max(...kept.map((segment) => segment.priority))).toBe(63);
  });
});
