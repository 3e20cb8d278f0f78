import { useId } from "react";
import { defaultSettings } from "../../core/settings";
import { SETTING_HELP, type ScalarSettingKey } from "../setting-help";

interface SettingFieldProps {
  name: ScalarSettingKey;
  value: string | boolean;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}

function defaultText(name: ScalarSettingKey): string {
  const value = defaultSettings[name];
  if (typeof value === "boolean") return value ? "on" : "off";
  return value.toLocaleString("en-US");
}

/** One setting: its input, label, help text, default and (when the value is bad) the error. */
export function SettingField({ name, value, error, onChange }: SettingFieldProps) {
  const id = useId();
  const help = SETTING_HELP[name];
  const unit = "unit" in help ? help.unit : undefined;
  const describedBy = `${id}-help${error === undefined ? "" : ` ${id}-error`}`;
  return (
    <div className="field" data-setting={name}>
      <div className="field-main">
        <label htmlFor={id} className="field-label">
          {help.label}
          <code className="field-key">{name}</code>
        </label>
        <span className="field-input">
          {typeof value === "boolean" ? (
            <input
              id={id}
              type="checkbox"
              role="switch"
              className="switch"
              checked={value}
              aria-describedby={describedBy}
              onChange={(event) => {
                onChange(event.currentTarget.checked);
              }}
            />
          ) : (
            <input
              id={id}
              type="text"
              inputMode="decimal"
              value={value}
              aria-invalid={error !== undefined}
              aria-describedby={describedBy}
              onChange={(event) => {
                onChange(event.currentTarget.value);
              }}
            />
          )}
          {/* Always there, so inputs line up whether or not they have a unit. */}
          <span className="muted small unit">{unit}</span>
        </span>
      </div>
      <p id={`${id}-help`} className="muted small">
        {help.help} Default: {defaultText(name)}
        {unit === undefined || typeof value === "boolean" ? "" : ` ${unit}`}.
      </p>
      {error === undefined ? null : (
        <p id={`${id}-error`} className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
