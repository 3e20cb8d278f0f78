/**
 * Node-side shorthands for calling the test page's `window.__itest` (intercept-page.ts) through
 * page.evaluate, typed end to end.
 */
import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import type {
  FetchOptions,
  FetchResult,
  SourceConfig,
  SourceLog,
  XhrOptions,
  XhrResult,
} from "./intercept-types.js";

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export function configure(page: Page, config: Partial<SourceConfig>): Promise<void> {
  return page.evaluate((partial) => {
    window.__itest.configure(partial);
  }, config);
}

export function sourceLog(page: Page): Promise<SourceLog> {
  return page.evaluate(() => window.__itest.log());
}

export function pageFetch(page: Page, url: string, options: FetchOptions): Promise<FetchResult> {
  return page.evaluate(([u, o]) => window.__itest.fetchRun(u, o), [url, options] as const);
}

export function pageXhr(page: Page, url: string, options: XhrOptions): Promise<XhrResult> {
  return page.evaluate(([u, o]) => window.__itest.xhrRun(u, o), [url, options] as const);
}

/** Polls the page until its source log satisfies `ready` (fromNetwork copies arrive async). */
export async function waitForLog(
  page: Page,
  ready: (log: SourceLog) => boolean,
  ms = 5000,
): Promise<SourceLog> {
  const started = Date.now();
  for (;;) {
    const log = await sourceLog(page);
    if (ready(log) || Date.now() - started > ms) return log;
    await new Promise((done) => setTimeout(done, 25));
  }
}
