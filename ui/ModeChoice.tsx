import { useId } from "react";
import type { Mode } from "../messaging/stored-settings";

interface ModeChoiceProps {
  mode: Mode;
  disabled?: boolean;
  onChange: (mode: Mode) => void;
}

const OPTIONS: readonly { mode: Mode; title: string; text: string }[] = [
  {
    mode: "per-site",
    title: "Site by site",
    text: "Off everywhere until you switch it on for a site from the toolbar button. Recommended.",
  },
  {
    mode: "everywhere",
    title: "Everywhere",
    text: "On for the video of every website. The browser will ask to allow access to all sites.",
  },
];

/** Where the extension runs: a radio group with a short explanation under each choice. */
export function ModeChoice({ mode, disabled, onChange }: ModeChoiceProps) {
  const name = useId();
  return (
    <fieldset className="mode-choice" disabled={disabled}>
      <legend>Where should it work?</legend>
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
            <strong>{option.title}</strong>
            <span className="muted small mode-text">{option.text}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
