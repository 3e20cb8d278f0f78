import { useEffect, useState } from "react";
import type { CacheUsage } from "../../core/storage/segments-storage";
import { background } from "../background";
import { messageOf } from "../errors";
import { formatBytes } from "../format";

/** This component's own words. */
const TEXT = {
  label: "In the cache now",
  loading: "…",
  clear: "Clear cache",
  clearing: "Clearing…",
  cleared: "Cache cleared.",
  help: "Clearing deletes every cached segment of every site, on disk and in memory. Video playing now goes on; what it needs is fetched again.",
  usage: (usage: CacheUsage) =>
    `${formatBytes(usage.bytes)} (${String(usage.segments)} segment${usage.segments === 1 ? "" : "s"})`,
} as const;

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
        setMessage({ error: false, text: TEXT.cleared });
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
        <span className="field-label">{TEXT.label}</span>
        <span className="field-input">
          <span data-cache-usage="">{usage === undefined ? TEXT.loading : TEXT.usage(usage)}</span>
          <button type="button" disabled={busy} onClick={clear}>
            {busy ? TEXT.clearing : TEXT.clear}
          </button>
        </span>
      </div>
      <p className="muted small">{TEXT.help}</p>
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
