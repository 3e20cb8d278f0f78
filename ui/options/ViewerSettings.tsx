import { t } from "../i18n";
import type { DraftErrors, SettingsDraft } from "../settings-draft";
import { VIEWER_GROUP, type ScalarSettingKey } from "../setting-help";
import { CacheControl } from "./CacheControl";
import { SettingField } from "./SettingField";

interface ViewerSettingsProps {
  draft: SettingsDraft;
  errors: DraftErrors;
  onChange: (key: ScalarSettingKey, value: string | boolean) => void;
}

/**
 * What this browser tells of the connection through the Network Information API the engine reads:
 * nothing (Firefox), only data saver (desktop Chrome: `type` is reported on ChromeOS and Android
 * only), or the connection type as well.
 */
function connectionInfo(): "none" | "save-data-only" | "type" {
  const connection = (navigator as Navigator & { connection?: { type?: unknown } }).connection;
  if (connection === undefined) return "none";
  return connection.type === undefined ? "save-data-only" : "type";
}

/**
 * The settings a viewer decides, first on the page: exchange with viewers at all, download only or
 * an upload limit in Mbit/s, the pause on metered connections, the cache size in MB and clearing it.
 */
export function ViewerSettings({ draft, errors, onChange }: ViewerSettingsProps) {
  const field = (key: ScalarSettingKey, disabled = false) => (
    <SettingField
      key={key}
      name={key}
      value={draft.scalars[key]}
      error={errors[key]}
      disabled={disabled}
      onChange={(value) => {
        onChange(key, value);
      }}
    />
  );
  const p2pOff = draft.scalars.useP2P === false;
  const noUploads = p2pOff || draft.scalars.consumeOnly === true;
  return (
    <section className="card stack group" aria-labelledby="group-viewer">
      <h2 id="group-viewer">{t(VIEWER_GROUP.title)}</h2>
      <p className="muted small">{t("viewerIntro")}</p>
      {field("useP2P")}
      {field("consumeOnly", p2pOff)}
      {field("p2pMaxUploadSpeed", noUploads)}
      {field("pauseUploadsOnMetered", noUploads)}
      <ConnectionNote />
      {field("cacheMaxBytes")}
      <CacheControl />
    </section>
  );
}

/** Says when the pause on metered connections can work in this browser, where it is limited. */
function ConnectionNote() {
  switch (connectionInfo()) {
    case "none":
      return (
        <p className="notice small" data-unavailable="pauseUploadsOnMetered">
          {t("viewerNoConnectionInfo")}
        </p>
      );
    case "save-data-only":
      return (
        <p className="muted small" data-limited="pauseUploadsOnMetered">
          {t("viewerSaveDataOnly")}
        </p>
      );
    case "type":
      return null;
  }
}
