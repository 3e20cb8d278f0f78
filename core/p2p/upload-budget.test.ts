import { describe, expect, it } from "vitest";
import { ManualClock } from "../testing/manual-clock.js";
import { UploadBudget } from "./upload-budget.js";

describe("UploadBudget", () => {
  it("serves at most `concurrent` requests at once; a slot comes back once", () => {
    const uploads = new UploadBudget(2, 0, new ManualClock());
    const first = uploads.tryStart();
    expect(uploads.tryStart()).toBeDefined();
    expect(uploads.tryStart()).toBeUndefined();
    first?.();
    first?.();
    expect(uploads.uploads).toBe(1);
    expect(uploads.tryStart()).toBeDefined();
  });

  it("never waits without a cap", () => {
    const uploads = new UploadBudget(2, 0, new ManualClock());
    for (let index = 0; index < 100; index++) expect(uploads.take(1 << 20)).toBe(0);
  });

  it("paces to the cap by the clock: a second's burst, then the debt is paid back", async () => {
    const clock = new ManualClock();
    const uploads = new UploadBudget(2, 10_000, clock);
    expect(uploads.take(6000)).toBe(0);
    expect(uploads.take(6000)).toBe(0); // the bucket (10,000) goes 2,000 below zero
    expect(uploads.take(6000)).toBe(200);
    await clock.advance(200);
    expect(uploads.take(6000)).toBe(0);
  });

  it("sends the cap's worth over 10 s once its burst is spent", async () => {
    const clock = new ManualClock();
    const uploads = new UploadBudget(2, 10_000, clock);
    expect(uploads.take(10_000)).toBe(0);
    let sent = 0;
    const start = clock.now();
    while (clock.now() - start < 10_000) {
      const wait = uploads.take(1000);
      if (wait === 0) sent += 1000;
      else await clock.advance(wait);
    }
    expect(sent).toBeGreaterThanOrEqual(99_000);
    expect(sent).toBeLessThanOrEqual(101_000);
  });

  it("refuses every new request while paused; an upload under way keeps its slot", () => {
    const uploads = new UploadBudget(2, 0, new ManualClock());
    const running = uploads.tryStart();
    uploads.setPaused(true);
    expect(uploads.isPaused).toBe(true);
    expect(uploads.tryStart()).toBeUndefined();
    expect(uploads.uploads).toBe(1);
    running?.();
    uploads.setPaused(false);
    expect(uploads.tryStart()).toBeDefined();
  });
});
