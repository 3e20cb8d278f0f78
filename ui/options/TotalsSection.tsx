import { useState } from "react";
import type { ByteCounts } from "../../messaging/lifetime-totals";
import { background } from "../background";
import { messageOf } from "../errors";
import { formatBytes } from "../format";
import { useTotals } from "../use-totals";

const LINES: readonly { key: keyof ByteCounts; id: string; label: string }[] = [
  { key: "p2pBytes", id: "p2p", label: "From peers (not from the sites’ servers)" },
  { key: "httpBytes", id: "http", label: "From the sites (HTTP)" },
  { key: "uploadedBytes", id: "uploaded", label: "Uploaded to peers" },
];

/** The lifetime totals for all sites, and their reset (asked twice). */
export function TotalsSection() {
  const { totals, error, setTotals } = useTotals(undefined);
  const [confirming, setConfirming] = useState(false);
  const [resetError, setResetError] = useState<string>();

  const reset = () => {
    setConfirming(false);
    setResetError(undefined);
    void background
      .resetTotals()
      .then(setTotals)
      .catch((caught: unknown) => {
        setResetError(messageOf(caught));
      });
  };

  return (
    <section className="card stack" aria-labelledby="totals-title">
      <h2 id="totals-title">Totals so far</h2>
      <dl className="totals-list">
        {LINES.map((line) => (
          <div key={line.id} className="spread" data-total={`all-${line.id}`}>
            <dt>{line.label}</dt>
            <dd>{totals === undefined ? "…" : formatBytes(totals.overall[line.key])}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">
        Counted in this browser for all sites
        {totals === undefined ? "" : ` since ${new Date(totals.since).toLocaleString()}`}; the popup
        shows each site’s own.
      </p>
      {error === undefined && resetError === undefined ? null : (
        <p className="error" role="alert">
          {resetError ?? error}
        </p>
      )}
      {confirming ? (
        <div className="notice spread" role="group" aria-label="Confirm resetting the totals">
          <span>Set every total, for all sites, back to zero?</span>
          <span className="row">
            <button type="button" className="primary" onClick={reset}>
              Reset totals
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
              }}
            >
              Cancel
            </button>
          </span>
        </div>
      ) : (
        <div className="row">
          <button
            type="button"
            onClick={() => {
              setConfirming(true);
            }}
          >
            Reset totals…
          </button>
        </div>
      )}
    </section>
  );
}
