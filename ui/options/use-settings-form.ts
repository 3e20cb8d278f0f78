import { useState } from "react";
import type { StoredSettings } from "../../messaging/stored-settings";
import { draftFrom, sameValue, settingsFromDraft, type SettingsDraft } from "../settings-draft";

export interface SettingsForm {
  draft: SettingsDraft;
  setDraft: (update: (draft: SettingsDraft) => SettingsDraft) => void;
  /** The draft checked now: errors by field, or the settings a save would store. */
  result: ReturnType<typeof settingsFromDraft>;
  /** True when the draft would store something other than `saved`. */
  dirty: boolean;
  /** Starts over from stored settings (after a load, save, reset or import). */
  load: (settings: StoredSettings) => void;
}

/** The options form's state: the draft, its live validation and whether it differs. */
export function useSettingsForm(initial: StoredSettings): SettingsForm {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraftState] = useState(() => draftFrom(initial));
  const result = settingsFromDraft(draft);
  const dirty = !result.ok || !sameValue(result.settings, saved);
  return {
    draft,
    setDraft: setDraftState,
    result,
    dirty,
    load: (settings) => {
      setSaved(settings);
      setDraftState(draftFrom(settings));
    },
  };
}
