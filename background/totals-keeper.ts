/**
 * Keeps the lifetime totals in chrome.storage.local (STORAGE_KEYS.totals): takes the engine's
 * stats pushes, writes at most every FLUSH_MS (the latest push of a run holds all earlier ones,
 * so only that is kept; a push of a new run writes the old run's first), answers the UI with the
 * stored totals plus what is not written yet, and resets them. One read-modify-write at a time.
 * Storage is injected, so the accumulation runs in unit tests (background/lifetime-totals.ts).
 */
import type { EngineTotals, TotalsRecord, TotalsView } from "../messaging/lifetime-totals";
import { absorb, isNews, parseTotals, resetTotals, totalsView } from "./lifetime-totals";

/** How often at most the totals are written while bytes flow. */
export const FLUSH_MS = 5000;

export interface TotalsStore {
  read(): Promise<unknown>;
  write(record: TotalsRecord): Promise<void>;
}

export class TotalsKeeper {
  /** The latest push not written yet. */
  private pending: EngineTotals | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: TotalsStore,
    private readonly now: () => number = Date.now,
    private readonly flushMs = FLUSH_MS,
  ) {}

  /** Takes a push; it is written within flushMs. */
  report(totals: EngineTotals): void {
    const earlier = this.pending;
    if (earlier !== undefined && earlier.run !== totals.run) void this.commit(earlier);
    this.pending = totals;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushMs);
  }

  /** Writes the pending push now (if it adds anything). */
  flush(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    return pending === undefined ? this.serial(() => Promise.resolve()) : this.commit(pending);
  }

  /** The totals, with what is not written yet; `site`'s own when a site is given. */
  view(site: string | undefined): Promise<TotalsView> {
    return this.serial(async () => {
      const record = await this.load();
      const pending = this.pending;
      return totalsView(pending === undefined ? record : absorb(record, pending), site);
    });
  }

  /** Zeroes the totals from now on; bytes counted before never come back. */
  reset(site: string | undefined): Promise<TotalsView> {
    return this.serial(async () => {
      let record = await this.load();
      const pending = this.pending;
      this.pending = undefined;
      if (pending !== undefined) record = absorb(record, pending);
      record = resetTotals(record, this.now());
      await this.store.write(record);
      return totalsView(record, site);
    });
  }

  private commit(report: EngineTotals): Promise<void> {
    return this.serial(async () => {
      const record = await this.load();
      if (isNews(record, report)) await this.store.write(absorb(record, report));
    });
  }

  private async load(): Promise<TotalsRecord> {
    return parseTotals(await this.store.read(), this.now());
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
