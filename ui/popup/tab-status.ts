/**
 * The popup's one line about this tab, decided from what the popup knows: the tab's site, whether
 * sharing is on for it, the global "exchange with viewers" switch and the engine's stats for the
 * tab (ui/get-stats, the same numbers as the tiles).
 */
import type { TabStats } from "../../messaging/engine-to-background";
import type { StandAsideReason } from "../../messaging/frame-note";

export type TabStatus =
  /** The tab is no website (a browser page, a file, the new tab page). */
  | { kind: "not-website" }
  /** Sharing is off for this site (site by site, and this one not on). */
  | { kind: "site-off" }
  /** The tab's page told its relay why the extension leaves it alone (messaging/frame-note.ts). */
  | { kind: "stands-aside"; reason: StandAsideReason }
  /** The popup does not know the engine's answer yet. */
  | { kind: "loading" }
  /** On, but the engine has moved nothing for this tab: no stream (yet), or not reloaded. */
  | { kind: "waiting" }
  /** A stream, with peers switched off everywhere: it all comes from the site. */
  | { kind: "peers-off"; stats: TabStats }
  /**
   * A stream with the engine: `peers` connected, `savedBytes` from them; `notUploading` says why
   * nothing goes to them ("Download only", or the engine's pause on a metered connection);
   * `frames`, the origins of the embedded players whose video it is, if not the site's own.
   */
  | {
      kind: "sharing";
      stats: TabStats;
      peers: number;
      savedBytes: number;
      notUploading: "download-only" | "metered" | undefined;
      frames: string[];
    };

export interface TabStatusInput {
  site: string | undefined;
  /** The site's switch, or "everywhere" mode. */
  siteOn: boolean;
  useP2P: boolean;
  /** The "Download only" switch. */
  consumeOnly: boolean;
  stats: TabStats | undefined;
  /** The first ui/get-stats answer arrived. */
  loaded: boolean;
  /** A frame of the tab stands aside, and why (use-tab-answer.ts). */
  standsAside?: StandAsideReason | undefined;
}

export function tabStatus(input: TabStatusInput): TabStatus {
  const { site, siteOn, useP2P, consumeOnly, stats, loaded } = input;
  if (site === undefined) return { kind: "not-website" };
  if (!siteOn) return { kind: "site-off" };
  if (input.standsAside !== undefined) return { kind: "stands-aside", reason: input.standsAside };
  if (!loaded) return { kind: "loading" };
  if (stats === undefined) return { kind: "waiting" };
  if (!useP2P) return { kind: "peers-off", stats };
  const notUploading = consumeOnly ? "download-only" : stats.uploadsPaused ? "metered" : undefined;
  return {
    kind: "sharing",
    stats,
    peers: stats.peers,
    savedBytes: stats.p2pBytes,
    notUploading,
    frames: stats.sites.filter((other) => other !== site),
  };
}

/** Whether the tiles and the chart apply: only with a stream the engine serves for the tab. */
export function showsStats(status: TabStatus): status is Extract<TabStatus, { stats: TabStats }> {
  return status.kind === "peers-off" || status.kind === "sharing";
}
