import { useEffect, useState } from "react";
import type { TabStats } from "../../messaging/engine-to-background";
import { background } from "../background";
import { addSample, type StatsSample } from "../stats-history";

export const STATS_POLL_MS = 1000;

export interface TabStatsView {
  /** The latest ui/get-stats answer (undefined: the engine reported nothing for the tab yet). */
  stats: TabStats | undefined;
  /** The last minute of samples, for the chart. */
  history: StatsSample[];
  loaded: boolean;
}

/** Polls ui/get-stats for a tab every second while the popup is open. */
export function useTabStats(tabId: number | undefined): TabStatsView {
  const [view, setView] = useState<TabStatsView>({ stats: undefined, history: [], loaded: false });
  useEffect(() => {
    if (tabId === undefined) return;
    let stopped = false;
    const poll = async () => {
      const stats = await background.stats(tabId).catch(() => undefined);
      if (stopped) return;
      // Before the engine reports a tab it has moved nothing for it: count that as zero, so the
      // chart shows the first bytes when they come (a popup opened later starts from its first
      // sample instead).
      const sample = stats ?? { httpBytes: 0, p2pBytes: 0 };
      setView((previous) => ({
        stats,
        history: addSample(previous.history, sample, Date.now()),
        loaded: true,
      }));
    };
    void poll();
    const timer = setInterval(() => void poll(), STATS_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [tabId]);
  return view;
}
