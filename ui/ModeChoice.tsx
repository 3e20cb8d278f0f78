import { useId } from "react";
import type { Mode } from "../messaging/stored-settings";
import { t, type MessageKey } from "./i18n";

interface ModeChoiceProps {
  mode: Mode;
  disabled?: boolean;
  onChange: (mode: Mode) => void;
}

const OPTIONS: readonly { mode: Mode; title: MessageKey; text: MessageKey }[] = [
  {
    mode: "per-site",
    title: "modePerSite",
    text: "modePerSiteText",
  },
  {
    mode: "everywhere",
    title: "modeEverywhere",
    text: "modeEverywhereText",
  },
];

/** Where the extension runs: a radio group with a short explanation under each choice. */
export function ModeChoice({ mode, disabled, onChange }: ModeChoiceProps) {
  const name = useId();
  return (
    <fieldset className="mode-choice" disabled={disabled}>
      <legend>{t("modeQuestion")}</legend>
      {OPTIONS.map((option) => (
        <label key={option.mode} className="mode-option">
          <input
            type="radio"
            name={name}
            value={option.mode}
            checked={mode === option.mode}
            onChange={() => {
              onChange(option.mode);
            }}
          />
          <span>
            <strong>{t(option.title)}</strong>
            <span className="muted small mode-text">{t(option.text)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
