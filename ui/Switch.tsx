import { useId } from "react";

interface SwitchProps {
  label: string;
  /** A line under the label; announced as the switch's description. */
  hint?: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}

/** An on/off setting: a native checkbox styled as a switch, named by its label. */
export function Switch({ label, hint, checked, disabled, onChange }: SwitchProps) {
  const hintId = useId();
  return (
    <label className="switch-row">
      <span className="text">
        <span>{label}</span>
        {hint === undefined ? null : (
          <span id={hintId} className="muted small">
            {hint}
          </span>
        )}
      </span>
      <input
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={hint === undefined ? undefined : hintId}
        onChange={(event) => {
          onChange(event.currentTarget.checked);
        }}
      />
    </label>
  );
}
