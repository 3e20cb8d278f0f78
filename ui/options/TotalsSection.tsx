import { useState } from "react";
import type { ByteCounts } from "../../messaging/lifetime-totals";
import { background } from "../background";
import { messageOf } from "../errors";
import { formatBytes } from "../format";
import { t, uiLanguage, type MessageKey } from "../i18n";
import { useTotals } from "../use-totals";

const LINES: readonly { key: keyof ByteCounts; id: string; label: MessageKey }[] = [
  { key: "p2pBytes", id: "p2p", label: "totalsAllP2p" },
  { key: "httpBytes", id: "http", label: "totalsAllHttp" },
  { key: "uploadedBytes", id: "uploaded", label: "totalsUploaded" },
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
      <h2 id="totals-title">{t("totalsTitle")}</h2>
      <dl className="totals-list">
        {LINES.map((line) => (
          <div key={line.id} className="spread" data-total={`all-${line.id}`}>
            <dt>{t(line.label)}</dt>
            <dd>{totals === undefined ? "…" : formatBytes(totals.overall[line.key])}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">
        {totals === undefined
          ? t("totalsCounted")
          : t("totalsCountedSince", new Date(totals.since).toLocaleString(uiLanguage()))}
      </p>
      {error === undefined && resetError === undefined ? null : (
        <p className="error" role="alert">
          {resetError ?? error}
        </p>
      )}
      {confirming ? (
        <div className="notice spread" role="group" aria-label={t("confirmResetTotals")}>
          <span>{t("resetTotalsQuestion")}</span>
          <span className="row">
            <button type="button" className="primary" onClick={reset}>
              {t("resetTotals")}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
              }}
            >
              {t("cancel")}
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
            {t("resetTotalsAsk")}
          </button>
        </div>
      )}
    </section>
  );
}
