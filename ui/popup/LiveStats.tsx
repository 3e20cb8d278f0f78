import { p2pShare } from "../../messaging/engine-to-background";
import { formatBytes, formatShare } from "../format";
import { TrafficChart } from "../TrafficChart";
import { ShareBar } from "./ShareBar";
import { useTabStats } from "./use-tab-stats";

/**
 * The tab's swarm stats, refreshed every second: the peer count in the heading, one row of tiles
 * (bytes over HTTP, from peers, uploaded, the P2P share) and the last minute's chart.
 */
export function LiveStats({ tabId }: { tabId: number }) {
  const { stats, history, loaded } = useTabStats(tabId);
  const share = stats === undefined ? undefined : p2pShare(stats);
  const cells: readonly { label: string; value: string; id: string }[] = [
    { id: "http", label: "From HTTP", value: formatBytes(stats?.httpBytes ?? 0) },
    { id: "p2p", label: "From peers", value: formatBytes(stats?.p2pBytes ?? 0) },
    { id: "uploaded", label: "Uploaded", value: formatBytes(stats?.uploadedBytes ?? 0) },
  ];
  return (
    <section className="card stats-card" aria-labelledby="stats-title">
      <div className="card-head">
        <h2 id="stats-title" className="section-title">
          This tab
        </h2>
        <dl className="peer-count" data-stat="peers">
          <dt>Peers</dt>
          <dd>{stats === undefined ? "0" : String(stats.peers)}</dd>
        </dl>
      </div>
      <dl className="stats-grid">
        {cells.map((cell) => (
          <div key={cell.id} className="stat" data-stat={cell.id}>
            <dt>{cell.label}</dt>
            <dd>{cell.value}</dd>
          </div>
        ))}
        <div className="stat stat-share" data-stat="share">
          <dt>P2P share</dt>
          <dd>{formatShare(share)}</dd>
          <ShareBar share={share} />
        </div>
      </dl>
      <TrafficChart history={history} />
      {!loaded ? null : stats === undefined || stats.p2pBytes === 0 ? (
        <p className="muted small">
          {stats === undefined
            ? "No shared video on this tab yet."
            : "Nothing from peers yet on this tab."}
        </p>
      ) : (
        <p className="small saved">
          <strong>{formatBytes(stats.p2pBytes)}</strong> came from peers, not the site’s servers.
        </p>
      )}
    </section>
  );
}
