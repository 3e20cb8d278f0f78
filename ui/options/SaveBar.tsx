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
    <div className="save-bar spread" role="region" aria-label="Save settings">
      <span
        className={status.kind === "error" ? "error save-status" : "muted save-status"}
        role="status"
      >
        {status.kind === "idle" ? (dirty ? "Unsaved changes" : "No unsaved changes") : status.text}
      </span>
      <span className="row">
        <button type="button" disabled={!dirty} onClick={onDiscard}>
          Discard changes
        </button>
        <button type="button" className="primary" onClick={onSave}>
          Save
        </button>
      </span>
    </div>
  );
}
