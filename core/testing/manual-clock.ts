import type { Clock, TimerHandle } from "../env.js";

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

/** Lets pending promise callbacks (storage, validators) run, using the host's real timers. */
export const settle = () =>
  new Promise<void>((resolve) => {
    globalThis.setTimeout(resolve, 0);
  });

/**
 * Virtual time for tests and the simulator: nothing happens until advance() is called, then
 * timers run in time order (ties in the order they were set), with promises settled between.
 */
export class ManualClock implements Clock {
  private time = 0;
  private seq = 0;
  private readonly timers = new Map<object, Timer>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle = {};
    this.timers.set(handle, { at: this.time + Math.max(0, ms), seq: this.seq++, callback });
    return handle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (typeof handle === "object") this.timers.delete(handle);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const next = this.nextDue(end);
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].callback();
      await settle();
    }
    this.time = end;
    await settle();
  }

  private nextDue(end: number): [object, Timer] | undefined {
    let best: [object, Timer] | undefined;
    for (const entry of this.timers) {
      const timer = entry[1];
      if (timer.at > end) continue;
      if (!best || timer.at < best[1].at || (timer.at === best[1].at && timer.seq < best[1].seq)) {
        best = entry;
      }
    }
    return best;
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
