/** Timers as the throttle needs them (the page's natives, or a fake clock in tests). */
export interface ThrottleTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/**
 * Runs `task` at most once per `intervalMs` for ordinary pokes (timeupdate fires 4 times a
 * second; the queue changes about once a segment), and at once for urgent ones (a seek). A poke
 * inside the interval is not lost: it runs when the interval ends.
 */
export class Throttle {
  private lastRun = -Infinity;
  private pending: unknown;

  constructor(
    private readonly task: () => void,
    private readonly intervalMs: number,
    private readonly timers: ThrottleTimers,
  ) {}

  poke(urgent: boolean): void {
    const wait = this.lastRun + this.intervalMs - this.timers.now();
    if (urgent || wait <= 0) {
      this.run();
      return;
    }
    if (this.pending !== undefined) return;
    this.pending = this.timers.setTimeout(() => {
      this.pending = undefined;
      this.run();
    }, wait);
  }

  /** Drops a pending run. */
  cancel(): void {
    if (this.pending === undefined) return;
    this.timers.clearTimeout(this.pending);
    this.pending = undefined;
  }

  private run(): void {
    this.cancel();
    this.lastRun = this.timers.now();
    this.task();
  }
}
