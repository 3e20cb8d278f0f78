import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ByteCounts, EngineTotals, TotalsRecord } from "../messaging/lifetime-totals";
import { absorb, emptyTotals, parseTotals, resetTotals, totalsView } from "./lifetime-totals";
import { FLUSH_MS, TotalsKeeper, type TotalsStore } from "./totals-keeper";

const A = "https://a.example";
const B = "https://b.example";

const counts = (httpBytes: number, p2pBytes: number, uploadedBytes = 0): ByteCounts => ({
  httpBytes,
  p2pBytes,
  uploadedBytes,
});

const push = (run: string, sites: Record<string, ByteCounts>): EngineTotals => ({
  run,
  sites: Object.entries(sites).map(([site, bytes]) => ({ site, ...bytes })),
});

/** chrome.storage.local in memory, counting writes; the record goes through JSON like the real one. */
class MemoryStore implements TotalsStore {
  value: unknown;
  writes = 0;
  read(): Promise<unknown> {
    return Promise.resolve(
      this.value === undefined ? undefined : JSON.parse(JSON.stringify(this.value)),
    );
  }
  write(record: TotalsRecord): Promise<void> {
    this.writes++;
    this.value = JSON.parse(JSON.stringify(record));
    return Promise.resolve();
  }
}

describe("absorb", () => {
  it("adds only what grew since the last push of the same run, per site and overall", () => {
    let record = emptyTotals(0);
    record = absorb(record, push("r1", { [A]: counts(100, 0) }));
    record = absorb(record, push("r1", { [A]: counts(100, 50, 5), [B]: counts(10, 0) }));
    record = absorb(record, push("r1", { [A]: counts(100, 50, 5), [B]: counts(10, 0) }));
    expect(record.overall).toEqual(counts(110, 50, 5));
    expect(record.sites[A]).toEqual(counts(100, 50, 5));
    expect(totalsView(record, B).site).toEqual(counts(10, 0));
    expect(totalsView(record, "https://never.example").site).toEqual(counts(0, 0));
    expect(totalsView(record, undefined).site).toBeUndefined();
  });

  it("a new engine run counts from zero: its bytes add to the earlier run's", () => {
    let record = emptyTotals(0);
    record = absorb(record, push("r1", { [A]: counts(300, 200, 7) }));
    record = absorb(record, push("r2", { [A]: counts(40, 60) }));
    record = absorb(record, push("r2", { [A]: counts(50, 60) }));
    expect(record.overall).toEqual(counts(350, 260, 7));
  });

  it("reset zeroes the totals but keeps the watermark: counted bytes do not come back", () => {
    let record = absorb(emptyTotals(0), push("r1", { [A]: counts(100, 100) }));
    record = resetTotals(record, 1234);
    record = absorb(record, push("r1", { [A]: counts(100, 100) }));
    expect(record.overall).toEqual(counts(0, 0));
    record = absorb(record, push("r1", { [A]: counts(130, 100) }));
    expect(record).toMatchObject({ since: 1234, overall: counts(30, 0) });
  });

  it("a stored record that does not parse starts over", () => {
    expect(parseTotals({ overall: "lots" }, 99)).toEqual(emptyTotals(99));
    expect(parseTotals(undefined, 5).since).toBe(5);
    const good = absorb(emptyTotals(3), push("r", { [A]: counts(1, 2, 3) }));
    expect(parseTotals(JSON.parse(JSON.stringify(good)), 7)).toEqual(good);
  });
});

describe("TotalsKeeper", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes at most once per FLUSH_MS, and the UI sees pushes not written yet", async () => {
    const store = new MemoryStore();
    const keeper = new TotalsKeeper(store, () => 1000);
    for (let second = 1; second <= 4; second++) {
      keeper.report(push("r1", { [A]: counts(second * 100, 0) }));
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(store.writes).toBe(0);
    expect((await keeper.view(A)).site).toEqual(counts(400, 0));
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(store.writes).toBe(1);
    expect(parseTotals(store.value, 0).overall).toEqual(counts(400, 0));
    // An engine that moves nothing more causes no writes.
    keeper.report(push("r1", { [A]: counts(400, 0) }));
    await vi.advanceTimersByTimeAsync(FLUSH_MS * 2);
    expect(store.writes).toBe(1);
  });

  it("a service worker restart neither loses nor double-counts: the watermark is stored", async () => {
    const store = new MemoryStore();
    const first = new TotalsKeeper(store, () => 0);
    first.report(push("r1", { [A]: counts(100, 100) }));
    await first.flush();
    // More bytes flow, but the worker stops before writing them.
    first.report(push("r1", { [A]: counts(150, 300) }));
    const second = new TotalsKeeper(store, () => 0);
    second.report(push("r1", { [A]: counts(160, 300) }));
    second.report(push("r1", { [A]: counts(160, 300) }));
    await second.flush();
    expect(parseTotals(store.value, 0).overall).toEqual(counts(160, 300));
  });

  it("a push from a new engine run writes the old run's last push first", async () => {
    const store = new MemoryStore();
    const keeper = new TotalsKeeper(store, () => 0);
    keeper.report(push("r1", { [A]: counts(100, 0) }));
    keeper.report(push("r2", { [A]: counts(10, 0) }));
    await keeper.flush();
    expect(parseTotals(store.value, 0).overall).toEqual(counts(110, 0));
  });

  it("reset from the options page counts from zero and keeps bytes already counted out", async () => {
    const store = new MemoryStore();
    const keeper = new TotalsKeeper(store, () => 777);
    keeper.report(push("r1", { [A]: counts(100, 900) }));
    expect(await keeper.reset(A)).toEqual({
      since: 777,
      overall: counts(0, 0),
      site: counts(0, 0),
    });
    keeper.report(push("r1", { [A]: counts(120, 900) }));
    await keeper.flush();
    expect((await keeper.view(undefined)).overall).toEqual(counts(20, 0));
  });

  it("whatever the order of pushes, repeats and flushes, the totals are the bytes moved", async () => {
    const site = fc.constantFrom(A, B);
    const step = fc.oneof(
      fc.record({
        kind: fc.constant("bytes" as const),
        site,
        http: fc.nat(5000),
        p2p: fc.nat(5000),
      }),
      fc.record({ kind: fc.constantFrom("flush" as const, "repeat" as const, "new-run" as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const store = new MemoryStore();
        const keeper = new TotalsKeeper(store, () => 0, 60_000);
        let run = 0;
        let current: Record<string, ByteCounts> = {};
        const truth = { ...counts(0, 0) };
        const send = () => {
          keeper.report(push(`r${String(run)}`, current));
        };
        for (const item of steps) {
          if (item.kind === "bytes") {
            const was = current[item.site] ?? counts(0, 0);
            current = {
              ...current,
              [item.site]: counts(was.httpBytes + item.http, was.p2pBytes + item.p2p),
            };
            truth.httpBytes += item.http;
            truth.p2pBytes += item.p2p;
            send();
          } else if (item.kind === "repeat") send();
          else if (item.kind === "flush") await keeper.flush();
          else {
            run++;
            current = {};
          }
        }
        await keeper.flush();
        expect((await keeper.view(undefined)).overall).toEqual(truth);
        expect(parseTotals(store.value, 0).overall).toEqual(truth);
      }),
    );
  });
});
