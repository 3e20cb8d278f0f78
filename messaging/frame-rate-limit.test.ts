import { describe, expect, it } from "vitest";
import { FrameRateLimit } from "./frame-rate-limit";

describe("FrameRateLimit", () => {
  it("allows a burst, then the steady rate, per frame", () => {
    let now = 0;
    const limit = new FrameRateLimit(() => now, 5, 2);
    const takes = (frame: string, count: number) =>
      Array.from({ length: count }, () => limit.take(frame)).filter(Boolean).length;
    expect(takes("1:0", 10)).toBe(5);
    expect(takes("1:3", 10)).toBe(5);
    now += 1000;
    expect(takes("1:0", 10)).toBe(2);
    now += 60_000;
    expect(takes("1:0", 10)).toBe(5);
  });

  it("starts a forgotten frame full again", () => {
    const limit = new FrameRateLimit(() => 0, 1, 1);
    expect(limit.take("2:0")).toBe(true);
    expect(limit.take("2:0")).toBe(false);
    limit.forget("2:0");
    expect(limit.take("2:0")).toBe(true);
  });
});
