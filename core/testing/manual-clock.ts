import type { Clock, TimerHandle } from "../env.js";
import { TimerHeap, type HeapTimer } from "./timer-heap.js";

/**
 * Lets pending promise callbacks (storage, validators) run, using the host's real timers. A
 * macrotask, so work on other threads that finished meanwhile (crypto.subtle) gets in too.
 */
export const settle = () =>
  new Promise<void>((resolve) => {
    globalThis.setTimeout(resolve, 0);
  });

/**
 * Runs every pending microtask, and those they queue, before resolving: a setImmediate callback
 * runs only once the microtask queue is empty. About a microsecond, against a millisecond for
 * settle(); enough when no async step leaves the thread (the simulator injects its hashing).
 */
export const settleMicrotasks = () =>
  new Promise<void>((resolve) => {
    setImmediate(resolve);
  });

/**
 * Virtual time for tests and the simulator: nothing happens until advance() is called, then
 * timers run in time order (ties in the order they were set), with promises settled between.
 */
export class ManualClock implements Clock {
  private time = 0;
  private seq = 0;
  private live = 0;
  private fired = 0;
  private readonly timers = new TimerHeap();

  constructor(private readonly settleFn: () => Promise<void> = settle) {}

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer: HeapTimer = {
      at: this.time + Math.max(0, ms),
      seq: this.seq++,
      callback,
      cancelled: false,
    };
    this.timers.push(timer);
    this.live++;
    return timer;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (typeof handle !== "object" || !("cancelled" in handle)) return;
    const timer = handle as HeapTimer;
    if (timer.cancelled) return;
    timer.cancelled = true;
    this.live--;
  }

  get pendingTimers(): number {
    return this.live;
  }

  /** Timers run so far (the simulator reports it as its event count). */
  get firedTimers(): number {
    return this.fired;
  }
  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await this.settleFn();
    for (;;) {
      const next = this.timers.peek();
      if (!next || next.at > end) break;
      this.timers.pop();
      // Marked so that a late clearTimeout of a timer that already ran does not miscount.
      next.cancelled = true;
      this.live--;
      this.fired++;
      this.time = next.at;
      next.callback();
      await this.settleFn();
    }
    this.time = end;
    await this.settleFn();
  }
}

/** A small seeded PRNG (mulberry32), so runs under virtual time repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
