import { describe, expect, it } from "vitest";
import { ManualClock, seededRandom, settleMicrotasks } from "./manual-clock.js";

describe("ManualClock", () => {
  it("runs timers in time order, ties in the order they were set, and skips cleared ones", async () => {
    const clock = new ManualClock(settleMicrotasks);
    const random = seededRandom(9);
    const fired: { at: number; seq: number }[] = [];
    const handles = Array.from({ length: 2000 }, (_, seq) => {
      const delay = Math.floor(random() * 100); // many ties
      return clock.setTimeout(() => fired.push({ at: clock.now(), seq }), delay);
    });
    for (const handle of handles.filter((_, seq) => seq % 3 === 0)) clock.clearTimeout(handle);
    expect(clock.pendingTimers).toBe(2000 - 667);
    await clock.advance(50);
    const sorted = [...fired].sort((a, b) => a.at - b.at || a.seq - b.seq);
    expect(fired).toEqual(sorted);
    expect(fired.every(({ seq, at }) => seq % 3 !== 0 && at <= 50)).toBe(true);
    await clock.advance(100);
    expect(fired).toHaveLength(2000 - 667);
    expect(clock.pendingTimers).toBe(0);
    expect(clock.firedTimers).toBe(2000 - 667);
  });

  it("lets the promises a timer starts finish before the next timer runs", async () => {
    const clock = new ManualClock(settleMicrotasks);
    const log: string[] = [];
    clock.setTimeout(() => {
      void (async () => {
        for (let step = 0; step < 20; step++) await Promise.resolve();
        log.push("chain done");
      })();
    }, 10);
    clock.setTimeout(() => log.push("next timer"), 10);
    await clock.advance(10);
    expect(log).toEqual(["chain done", "next timer"]);
  });
});
