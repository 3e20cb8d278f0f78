import { useEffect, useState } from "react";
import type { TotalsView } from "../messaging/lifetime-totals";
import { background } from "./background";
import { messageOf } from "./errors";

/** How often an open page asks for the totals again. */
export const TOTALS_POLL_MS = 2000;

export interface TotalsHandle {
  totals: TotalsView | undefined;
  error: string | undefined;
  /** Replaces the totals with a newer answer (e.g. the reply to a reset). */
  setTotals: (totals: TotalsView) => void;
}

/** The lifetime totals (and `site`'s own), polled while the page is open. */
export function useTotals(site: string | undefined): TotalsHandle {
  const [totals, setTotals] = useState<TotalsView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const next = await background.totals(site);
        if (stopped) return;
        setTotals(next);
        setError(undefined);
      } catch (caught) {
        if (!stopped) setError(messageOf(caught));
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), TOTALS_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [site]);
  return { totals, error, setTotals };
}
