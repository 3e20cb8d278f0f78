import { useId, useState } from "react";
import type { StoredSettings } from "../../messaging/stored-settings";
import { t } from "../i18n";
import { parseSettingsFile, settingsFileText } from "../settings-file";

interface DataSectionProps {
  saved: StoredSettings;
  onReset: () => void;
  onImport: (settings: StoredSettings) => void;
}

export const EXPORT_FILE_NAME = "peercast-video-settings.json";

/** Reset to defaults (asked twice), export the saved settings, import a file (checked first). */
export function DataSection({ saved, onReset, onImport }: DataSectionProps) {
  const fileId = useId();
  const [confirming, setConfirming] = useState(false);
  const [importError, setImportError] = useState<string>();

  const exportFile = () => {
    const url = URL.createObjectURL(
      new Blob([settingsFileText(saved)], { type: "application/json" }),
    );
    const link = document.createElement("a");
    link.href = url;
    link.download = EXPORT_FILE_NAME;
    link.click();
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 10_000);
  };

  const importFile = (file: File | undefined) => {
    if (file === undefined) return;
    setImportError(undefined);
    void file.text().then((text) => {
      const result = parseSettingsFile(text);
      if (result.ok) onImport(result.settings);
      else setImportError(result.error);
    });
  };

  return (
    <section className="card stack" aria-labelledby="data-title">
      <h2 id="data-title">{t("dataTitle")}</h2>
      <div className="row wrap">
        <button type="button" onClick={exportFile}>
          {t("exportSettings")}
        </button>
        <input
          id={fileId}
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          onChange={(event) => {
            importFile(event.currentTarget.files?.[0]);
            event.currentTarget.value = "";
          }}
        />
        <label htmlFor={fileId} className="button-like">
          {t("importSettings")}
        </label>
        {confirming ? null : (
          <button
            type="button"
            onClick={() => {
              setConfirming(true);
            }}
          >
            {t("resetToDefaults")}
          </button>
        )}
      </div>
      {importError === undefined ? null : (
        <p className="error" role="alert">
          {importError}
        </p>
      )}
      {confirming ? (
        <div className="notice spread" role="group" aria-label={t("confirmReset")}>
          <span>{t("resetQuestion")}</span>
          <span className="row">
            <button
              type="button"
              className="primary"
              onClick={() => {
                setConfirming(false);
                onReset();
              }}
            >
              {t("reset")}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
              }}
            >
              {t("cancel")}
            </button>
          </span>
        </div>
      ) : null}
      <p className="muted small">{t("dataHelp")}</p>
    </section>
  );
}
