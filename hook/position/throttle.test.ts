import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/testing/manual-clock";
import { Throttle } from "./throttle";

describe("Throttle", () => {
  it("runs the first poke at once, coalesces pokes inside the interval into one later run", async () => {
    const clock = new ManualClock();
    let runs = 0;
    const throttle = new Throttle(() => (runs += 1), 500, clock);
    throttle.poke(false);
    expect(runs).toBe(1);
    await clock.advance(100);
    throttle.poke(false);
    throttle.poke(false);
    expect(runs).toBe(1);
    await clock.advance(399);
    expect(runs).toBe(1);
    await clock.advance(1);
    expect(runs).toBe(2);
    await clock.advance(1000);
    expect(runs).toBe(2); // nothing poked: nothing runs
  });

  it("runs urgent pokes at once and drops the pending run; cancel drops it too", async () => {
    const clock = new ManualClock();
    let runs = 0;
    const throttle = new Throttle(() => (runs += 1), 500, clock);
    throttle.poke(false);
    throttle.poke(false);
    throttle.poke(true);
    expect(runs).toBe(2);
    await clock.advance(1000);
    expect(runs).toBe(2);
    throttle.poke(false);
    await clock.advance(10);
    throttle.poke(false);
    throttle.cancel();
    await clock.advance(1000);
    expect(runs).toBe(3);
    expect(clock.pendingTimers).toBe(0);
  });
});
