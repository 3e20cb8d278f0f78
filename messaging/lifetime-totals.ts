/**
 * Bytes counted for as long as the extension is installed ("totals saved so far"): the engine's
 * running counts per site, what the background keeps in chrome.storage.local, and what the popup
 * and options pages are shown. Bytes from peers are bytes the site's servers (its CDN) did not
 * have to send.
 */
import * as z from "zod/mini";

const bytes = z.number().check(z.nonnegative());

export const byteCountsSchema = z.strictObject({
  httpBytes: bytes,
  p2pBytes: bytes,
  uploadedBytes: bytes,
});

/** Bytes over HTTP, from peers, and uploaded to peers. */
export type ByteCounts = z.infer<typeof byteCountsSchema>;

export const ZERO_COUNTS: ByteCounts = { httpBytes: 0, p2pBytes: 0, uploadedBytes: 0 };

/**
 * The engine's counts per site since it started (one run), pushed with its stats every second.
 * Counts only grow within a run; a new engine is a new run that starts from zero.
 */
export interface EngineTotals {
  /** Random per engine start: tells the background whether counts continue or start over. */
  run: string;
  sites: (ByteCounts & { site: string })[];
}

const countsBySite = z.record(z.string().check(z.maxLength(2048)), byteCountsSchema);

/** What chrome.storage.local holds under STORAGE_KEYS.totals. */
export const totalsRecordSchema = z.strictObject({
  /** When counting began (first install or the last reset), epoch ms. */
  since: z.int().check(z.nonnegative()),
  overall: byteCountsSchema,
  sites: countsBySite,
  /**
   * The engine run last counted and its counts then, written together with the totals: a push
   * adds only what grew since, so nothing is counted twice (a repeated push, a service worker
   * that restarted and read this back) and nothing a write had not saved yet is lost.
   */
  seen: z.strictObject({ run: z.string().check(z.maxLength(100)), sites: countsBySite }),
});

export type TotalsRecord = z.infer<typeof totalsRecordSchema>;

/** The totals as the UI shows them. */
export interface TotalsView {
  since: number;
  overall: ByteCounts;
  /** The asked-for site's totals (zero if it never moved a byte); undefined if none was asked. */
  site: ByteCounts | undefined;
}
