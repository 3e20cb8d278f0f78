/**
 * Engine -> background, on the engine's runtime Port: replies to requests, the hello that says
 * the engine is up, and stats pushed every second (for the badge, the popup and the totals).
 */
import type { BackgroundToEngineType, EngineReplyTo } from "./background-to-engine";
import type { ByteCounts, EngineTotals } from "./lifetime-totals";

/** Byte counts and peers for one tab, summed over the swarms its frames use. */
export interface TabStats extends ByteCounts {
  tabId: number;
  peers: number;
  /** Uploads are paused engine-wide (a metered or data-saver connection, `pauseUploadsOnMetered`). */
  uploadsPaused: boolean;
  /**
   * The sites whose video the tab's frames play through the engine, each once: the tab's own, or
   * the origin of a player embedded in its pages (the popup names it).
   */
  sites: string[];
}

export type EngineToBackgroundMessage =
  | { kind: "hello"; startedAt: number }
  | { kind: "reply"; id: number; reply: EngineReplyTo<BackgroundToEngineType> }
  /** Every second: per-tab stats, and the per-site counts of this engine run (each byte once). */
  | { kind: "stats"; tabs: TabStats[]; totals: EngineTotals };

/** The Port name the engine connects with; the background accepts it only from the engine page. */
export const ENGINE_PORT_NAME = "p2pv-engine";

/** The offscreen document's path inside the extension (scripts/bundle-extension-scripts.ts writes it). */
export const ENGINE_DOCUMENT_PATH = "offscreen.html";

/** P2P share in percent (0-100), or undefined before any byte. */
export function p2pShare(stats: Pick<TabStats, "httpBytes" | "p2pBytes">): number | undefined {
  const total = stats.httpBytes + stats.p2pBytes;
  return total === 0 ? undefined : (100 * stats.p2pBytes) / total;
}
