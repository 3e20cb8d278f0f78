import { useId } from "react";

interface SwitchProps {
  label: string;
  /** A line under the label; announced as the switch's description. */
  hint?: string;
  checked: boolean;
  disabled?: boolean;
  /** Extra classes for the row, e.g. "switch-tile" (a compact tile, the hint under both). */
  className?: string;
  onChange: (checked: boolean) => void;
}

/** An on/off setting: a native checkbox styled as a switch, named by its label. */
export function Switch({ label, hint, checked, disabled, className, onChange }: SwitchProps) {
  const hintId = useId();
  return (
    <label className={className === undefined ? "switch-row" : `switch-row ${className}`}>
      <span className="text">
        <span className="label">{label}</span>
        {hint === undefined ? null : (
          <span id={hintId} className="hint muted small">
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
