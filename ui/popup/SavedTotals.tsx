import type { ByteCounts } from "../../messaging/lifetime-totals";
import { formatBytes } from "../format";
import { t, uiLanguage, type MessageKey } from "../i18n";
import { useTotals } from "../use-totals";

const ROWS: readonly { key: keyof ByteCounts; id: string; label: MessageKey }[] = [
  { key: "p2pBytes", id: "p2p", label: "totalsP2pSaved" },
  { key: "httpBytes", id: "http", label: "totalsHttpSite" },
  { key: "uploadedBytes", id: "uploaded", label: "totalsUploaded" },
];

/**
 * Totals saved so far, kept by the background across restarts: bytes from peers (what the sites'
 * servers did not have to send), over HTTP and uploaded, for this site and for all sites; the
 * date counting started under the heading (Settings resets it).
 */
export function SavedTotals({ site }: { site: string | undefined }) {
  const { totals, error } = useTotals(site);
  const columns: { id: string; label: string; counts: ByteCounts | undefined }[] = [
    ...(site === undefined ? [] : [{ id: "site", label: t("thisSite"), counts: totals?.site }]),
    { id: "all", label: t("allSites"), counts: totals?.overall },
  ];
  return (
    <section className="card totals-card" aria-labelledby="totals-title">
      <table className="totals" aria-labelledby="totals-title">
        <thead>
          <tr>
            <td>
              <h2 id="totals-title" className="section-title">
                {t("totalsSavedSoFar")}
              </h2>
              <span className="muted since" title={t("totalsResetHint")}>
                {totals === undefined
                  ? t("totalsSinceInstalled")
                  : t("totalsSince", new Date(totals.since).toLocaleDateString(uiLanguage()))}
              </span>
            </td>
            {columns.map((column) => (
              <th key={column.id} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.id}>
              <th scope="row">{t(row.label)}</th>
              {columns.map((column) => (
                <td key={column.id} data-total={`${column.id}-${row.id}`}>
                  {column.counts === undefined ? "…" : formatBytes(column.counts[row.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {error === undefined ? null : <p className="error">{error}</p>}
    </section>
  );
}
