import { useEffect, useState } from "react";
import type { CacheUsage } from "../../core/storage/segments-storage";
import { background } from "../background";
import { messageOf } from "../errors";
import { formatBytes } from "../format";
import { t } from "../i18n";

/** What the cache holds, in words. */
const usageText = (usage: CacheUsage) =>
  usage.segments === 1
    ? t("cacheUsageOne", formatBytes(usage.bytes))
    : t("cacheUsageMany", formatBytes(usage.bytes), usage.segments);

/** What the segment cache holds now, and the button that empties it (at once, not with Save). */
export function CacheControl() {
  const [usage, setUsage] = useState<CacheUsage>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string }>();

  useEffect(() => {
    let live = true;
    void background
      .cache()
      .then((found) => {
        if (live) setUsage(found);
      })
      .catch((caught: unknown) => {
        if (live) setMessage({ error: true, text: messageOf(caught) });
      });
    return () => {
      live = false;
    };
  }, []);

  const clear = () => {
    setBusy(true);
    setMessage(undefined);
    void background
      .clearCache()
      .then((left) => {
        setUsage(left);
        setMessage({ error: false, text: t("cacheCleared") });
      })
      .catch((caught: unknown) => {
        setMessage({ error: true, text: messageOf(caught) });
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <div className="field" data-setting="cache-usage">
      <div className="field-main">
        <span className="field-label">{t("cacheLabel")}</span>
        <span className="field-input">
          <span data-cache-usage="">{usage === undefined ? "…" : usageText(usage)}</span>
          <button type="button" disabled={busy} onClick={clear}>
            {busy ? t("cacheClearing") : t("cacheClear")}
          </button>
        </span>
      </div>
      <p className="muted small">{t("cacheHelp")}</p>
      {message === undefined ? null : (
        <p
          className={message.error ? "error" : "muted small"}
          role={message.error ? "alert" : "status"}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
