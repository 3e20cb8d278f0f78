/**
 * Pure accumulation of the lifetime totals (messaging/lifetime-totals.ts): the engine pushes its
 * running per-site counts; what grew since the last counted push of the same engine run is added
 * to the totals, and the counts themselves are kept as the new watermark. The totals and the
 * watermark are stored together, so a push counted once is never counted again, whether it is
 * repeated, the service worker restarts, or a write was skipped.
 */
import {
  totalsRecordSchema,
  ZERO_COUNTS,
  type ByteCounts,
  type EngineTotals,
  type TotalsRecord,
  type TotalsView,
} from "../messaging/lifetime-totals";

const KINDS = ["httpBytes", "p2pBytes", "uploadedBytes"] as const;

export function emptyTotals(now: number): TotalsRecord {
  return { since: now, overall: { ...ZERO_COUNTS }, sites: {}, seen: { run: "", sites: {} } };
}

/** The stored record, or a new one from `now` if there is none or it does not parse. */
export function parseTotals(stored: unknown, now: number): TotalsRecord {
  const parsed = totalsRecordSchema.safeParse(stored);
  return parsed.success ? parsed.data : emptyTotals(now);
}

const plus = (a: ByteCounts, b: ByteCounts): ByteCounts => ({
  httpBytes: a.httpBytes + b.httpBytes,
  p2pBytes: a.p2pBytes + b.p2pBytes,
  uploadedBytes: a.uploadedBytes + b.uploadedBytes,
});

/**
 * Adds what `report` counted beyond the record's watermark. A new run starts from zero. A count
 * below the watermark (impossible within a run) adds nothing and lowers the watermark.
 */
export function absorb(record: TotalsRecord, report: EngineTotals): TotalsRecord {
  const before = record.seen.run === report.run ? record.seen.sites : {};
  let overall = record.overall;
  const sites = { ...record.sites };
  const seen: Record<string, ByteCounts> = { ...before };
  for (const { site, ...now } of report.sites) {
    const was = before[site] ?? ZERO_COUNTS;
    const grew = { ...ZERO_COUNTS };
    for (const kind of KINDS) grew[kind] = Math.max(0, now[kind] - was[kind]);
    overall = plus(overall, grew);
    sites[site] = plus(sites[site] ?? ZERO_COUNTS, grew);
    seen[site] = now;
  }
  return { since: record.since, overall, sites, seen: { run: report.run, sites: seen } };
}

/** Whether absorbing `report` would change anything. */
export function isNews(record: TotalsRecord, report: EngineTotals): boolean {
  if (record.seen.run !== report.run) return report.sites.length > 0;
  return report.sites.some(({ site, ...now }) => {
    const was = record.seen.sites[site];
    return was === undefined || KINDS.some((kind) => now[kind] !== was[kind]);
  });
}

/** Totals back to zero from `now`; the watermark stays, so counted bytes do not come back. */
export function resetTotals(record: TotalsRecord, now: number): TotalsRecord {
  return { since: now, overall: { ...ZERO_COUNTS }, sites: {}, seen: record.seen };
}

/** What the UI shows: overall, and `site`'s own totals when one is asked for. */
export function totalsView(record: TotalsRecord, site: string | undefined): TotalsView {
  return {
    since: record.since,
    overall: record.overall,
    site: site === undefined ? undefined : (record.sites[site] ?? { ...ZERO_COUNTS }),
  };
}
