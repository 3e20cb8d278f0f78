import { defaultSettings } from "../../core/settings";
import { DEFAULT_BYTE_LIMITS } from "../../core/storage/cache-limits";
import { ENGINE_LIMITS, FRAME_MESSAGES } from "../../messaging/engine-limits";
import { formatBytes, formatRate } from "../format";
import { SETTING_HELP } from "../setting-help";

const uploadCap = defaultSettings.p2pMaxUploadSpeed;

const LINES: readonly { id: string; label: string; value: string }[] = [
  {
    id: "swarms-per-frame",
    label: "Streams one player (frame) may share at once",
    value: String(ENGINE_LIMITS.swarmsPerFrame),
  },
  {
    id: "swarms-per-site",
    label: "Streams one site may share at once",
    value: String(ENGINE_LIMITS.swarmsPerSite),
  },
  { id: "swarms", label: "Streams shared at once in all", value: String(ENGINE_LIMITS.swarms) },
  {
    id: "messages",
    label: "Requests a page may make of the extension",
    value: `${String(FRAME_MESSAGES.perSecond)} a second (${String(FRAME_MESSAGES.burst)} at once)`,
  },
  {
    id: "queue-per-frame",
    label: "Upcoming segments one player (frame) may queue in a stream",
    value: String(ENGINE_LIMITS.queuePerFrame),
  },
  { id: "peers", label: "Viewers connected at once in all", value: String(ENGINE_LIMITS.peers) },
  {
    id: "pending-offers",
    label: "Connections being set up at once in all",
    value: String(ENGINE_LIMITS.pendingOffers),
  },
  {
    id: "concurrent-uploads",
    label: "Requests from viewers served at once in all",
    value: String(ENGINE_LIMITS.concurrentUploads),
  },
  {
    id: "upload-bandwidth",
    label: `Upload bandwidth in all (setting “${SETTING_HELP.p2pMaxUploadSpeed.label}”)`,
    value: uploadCap === 0 ? "No cap by default" : `${formatRate(uploadCap)} by default`,
  },
  {
    id: "cache-site",
    label: "Cache for one site",
    value: formatBytes(DEFAULT_BYTE_LIMITS.scopeBytes),
  },
  {
    id: "cache-queued",
    label: "…of which a site’s upcoming segments may keep",
    value: formatBytes(DEFAULT_BYTE_LIMITS.lockedScopeBytes),
  },
  {
    id: "cache-all",
    label: `Cache for all sites (setting “${SETTING_HELP.cacheMaxBytes.label}”)`,
    value: `${formatBytes(defaultSettings.cacheMaxBytes)} by default`,
  },
];

/**
 * The limits that keep one page from taking the extension from the others (SECURITY.md): shown,
 * not editable (but for the upload cap, a setting); past them a page's player simply fetches from
 * its site as without the extension.
 */
export function LimitsSection() {
  return (
    <section className="card stack" aria-labelledby="limits-title">
      <h2 id="limits-title">Limits</h2>
      <p className="muted small">
        Fixed, so that no page can take the extension from the others (the upload limit and the
        cache size are yours to set above). Past a limit a player fetches from its site as it would
        without the extension.
      </p>
      <dl className="totals-list">
        {LINES.map((line) => (
          <div key={line.id} className="spread" data-limit={line.id}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
