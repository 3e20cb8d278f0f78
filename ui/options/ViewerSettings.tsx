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

/** Whether this browser has the Network Information API the engine reads (Chrome does). */
const connectionInfoKnown = (): boolean => "connection" in navigator;

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
      {connectionInfoKnown() ? null : (
        <p className="notice small" data-unavailable="pauseUploadsOnMetered">
          {t("viewerNoConnectionInfo")}
        </p>
      )}
      {field("cacheMaxBytes")}
      <CacheControl />
    </section>
  );
}
