import { t } from "../i18n";

/** The cache's storage kind: fixed by the engine (one IndexedDB shared by all tabs), shown only. */
export function CacheStorageInfo() {
  return (
    <div className="field" data-setting="storage">
      <div className="field-main">
        <span className="field-label" id="storage-kind-label">
          {t("storageLabel")}
        </span>
        <span className="field-input" aria-labelledby="storage-kind-label">
          IndexedDB
          <span className="unit" />
        </span>
      </div>
      <p className="muted small">{t("storageHelp")}</p>
    </div>
  );
}
