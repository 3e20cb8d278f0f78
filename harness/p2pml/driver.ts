/**
 * Node's side of the anchor page: calls `window.__p2pml` (harness/p2pml/anchor.ts) in a
 * Playwright page that has loaded it (harness/p2pml/page.ts).
 */
import type { Page } from "playwright-core";
import type { AnchorConfig, AnchorPlayOptions, AnchorPlayResult, AnchorStats } from "./types";

/** Plays `manifestUrl` with hls.js + P2PML to its end or the timeout. */
export function playAnchor(
  page: Page,
  manifestUrl: string,
  options: AnchorPlayOptions,
): Promise<AnchorPlayResult> {
  return page.evaluate(([url, opts]) => window.__p2pml.play(url, opts), [
    manifestUrl,
    options,
  ] as const);
}

export function anchorStats(page: Page): Promise<AnchorStats> {
  return page.evaluate(() => window.__p2pml.stats());
}

export function anchorConfig(page: Page): Promise<AnchorConfig | undefined> {
  return page.evaluate(() => window.__p2pml.config());
}
