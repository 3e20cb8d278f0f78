import { defaultSettings } from "../../core/settings";
import { DEFAULT_BYTE_LIMITS } from "../../core/storage/cache-limits";
import { ENGINE_LIMITS, FRAME_MESSAGES } from "../../messaging/engine-limits";
import { formatBytes, formatRate } from "../format";
import { t } from "../i18n";
import { SETTING_HELP } from "../setting-help";

const uploadCap = defaultSettings.p2pMaxUploadSpeed;

/** The lines, in the viewer's language. */
const lines = (): readonly { id: string; label: string; value: string }[] => [
  {
    id: "swarms-per-frame",
    label: t("limitSwarmsPerFrame"),
    value: String(ENGINE_LIMITS.swarmsPerFrame),
  },
  {
    id: "swarms-per-site",
    label: t("limitSwarmsPerSite"),
    value: String(ENGINE_LIMITS.swarmsPerSite),
  },
  { id: "swarms", label: t("limitSwarms"), value: String(ENGINE_LIMITS.swarms) },
  {
    id: "messages",
    label: t("limitMessages"),
    value: t("limitMessagesValue", FRAME_MESSAGES.perSecond, FRAME_MESSAGES.burst),
  },
  {
    id: "queue-per-frame",
    label: t("limitQueuePerFrame"),
    value: String(ENGINE_LIMITS.queuePerFrame),
  },
  { id: "peers", label: t("limitPeers"), value: String(ENGINE_LIMITS.peers) },
  {
    id: "pending-offers",
    label: t("limitPendingOffers"),
    value: String(ENGINE_LIMITS.pendingOffers),
  },
  {
    id: "concurrent-uploads",
    label: t("limitConcurrentUploads"),
    value: String(ENGINE_LIMITS.concurrentUploads),
  },
  {
    id: "upload-bandwidth",
    label: t("limitUploadBandwidth", t(SETTING_HELP.p2pMaxUploadSpeed.label)),
    value: uploadCap === 0 ? t("limitNoCap") : t("limitByDefault", formatRate(uploadCap)),
  },
  {
    id: "cache-site",
    label: t("limitCacheSite"),
    value: formatBytes(DEFAULT_BYTE_LIMITS.scopeBytes),
  },
  {
    id: "cache-queued",
    label: t("limitCacheQueued"),
    value: formatBytes(DEFAULT_BYTE_LIMITS.lockedScopeBytes),
  },
  {
    id: "cache-all",
    label: t("limitCacheAll", t(SETTING_HELP.cacheMaxBytes.label)),
    value: t("limitByDefault", formatBytes(defaultSettings.cacheMaxBytes)),
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
      <h2 id="limits-title">{t("limitsTitle")}</h2>
      <p className="muted small">{t("limitsIntro")}</p>
      <dl className="totals-list">
        {lines().map((line) => (
          <div key={line.id} className="spread" data-limit={line.id}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
