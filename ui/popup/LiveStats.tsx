import { p2pShare, type TabStats } from "../../messaging/engine-to-background";
import { formatBytes, formatShare } from "../format";
import { t } from "../i18n";
import type { StatsSample } from "../stats-history";
import { TrafficChart } from "../TrafficChart";
import { ShareBar } from "./ShareBar";

/**
 * The tab's swarm stats, as the engine reports them (ui/get-stats, polled by the popup): the peer
 * count in the heading, one row of tiles (bytes from the site, from peers, uploaded, the P2P
 * share) and the last minute's chart. Shown only while the engine serves a stream for the tab.
 */
export function LiveStats({ stats, history }: { stats: TabStats; history: StatsSample[] }) {
  const share = p2pShare(stats);
  const cells: readonly { label: string; value: string; id: string }[] = [
    { id: "http", label: t("statsHttp"), value: formatBytes(stats.httpBytes) },
    { id: "p2p", label: t("statsP2p"), value: formatBytes(stats.p2pBytes) },
    { id: "uploaded", label: t("statsUploaded"), value: formatBytes(stats.uploadedBytes) },
  ];
  return (
    <section className="card stats-card" aria-labelledby="stats-title">
      <div className="card-head">
        <h2 id="stats-title" className="section-title">
          {t("statsTitle")}
        </h2>
        <dl className="peer-count" data-stat="peers">
          <dt>{t("statsPeers")}</dt>
          <dd>{String(stats.peers)}</dd>
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
          <dt>{t("statsShare")}</dt>
          <dd>{formatShare(share)}</dd>
          <ShareBar share={share} />
        </div>
      </dl>
      <TrafficChart history={history} />
    </section>
  );
}
