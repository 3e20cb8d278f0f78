import type { ByteCounts } from "../../messaging/lifetime-totals";
import { formatBytes } from "../format";
import { useTotals } from "../use-totals";

const ROWS: readonly { key: keyof ByteCounts; id: string; label: string }[] = [
  { key: "p2pBytes", id: "p2p", label: "From peers (saved)" },
  { key: "httpBytes", id: "http", label: "From the site (HTTP)" },
  { key: "uploadedBytes", id: "uploaded", label: "Uploaded to peers" },
];

/**
 * Totals saved so far, kept by the background across restarts: bytes from peers (what the sites'
 * servers did not have to send), over HTTP and uploaded, for this site and for all sites; the
 * date counting started under the heading (Settings resets it).
 */
export function SavedTotals({ site }: { site: string | undefined }) {
  const { totals, error } = useTotals(site);
  const columns: { id: string; label: string; counts: ByteCounts | undefined }[] = [
    ...(site === undefined ? [] : [{ id: "site", label: "This site", counts: totals?.site }]),
    { id: "all", label: "All sites", counts: totals?.overall },
  ];
  return (
    <section className="card totals-card" aria-labelledby="totals-title">
      <table className="totals" aria-labelledby="totals-title">
        <thead>
          <tr>
            <td>
              <h2 id="totals-title" className="section-title">
                Saved so far
              </h2>
              <span className="muted since" title="Reset in Settings">
                {totals === undefined
                  ? "Since installed"
                  : `Since ${new Date(totals.since).toLocaleDateString()}`}
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
              <th scope="row">{row.label}</th>
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
