import { t } from "../i18n";
import type { SaveStatus } from "./SettingsEditor";

interface SaveBarProps {
  dirty: boolean;
  status: SaveStatus;
  onSave: () => void;
  onDiscard: () => void;
}

/** Sticky bar at the bottom: Save, Discard, and what happened last. */
export function SaveBar({ dirty, status, onSave, onDiscard }: SaveBarProps) {
  return (
    <div className="save-bar spread" role="region" aria-label={t("saveRegion")}>
      <span
        className={status.kind === "error" ? "error save-status" : "muted save-status"}
        role="status"
      >
        {status.kind === "idle"
          ? dirty
            ? t("unsavedChanges")
            : t("noUnsavedChanges")
          : status.text}
      </span>
      <span className="row">
        <button type="button" disabled={!dirty} onClick={onDiscard}>
          {t("discardChanges")}
        </button>
        <button type="button" className="primary" onClick={onSave}>
          {t("save")}
        </button>
      </span>
    </div>
  );
}
