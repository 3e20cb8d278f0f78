import { useId } from "react";
import { defaultSettings } from "../../core/settings";
import { t, uiLanguage } from "../i18n";
import { SETTING_HELP, type ScalarSettingKey } from "../setting-help";
import { displayText, unitOf } from "../settings-draft";
import { boundsOf, boundsText, DISPLAY_UNITS, displayBounds, unitSymbol } from "../setting-units";

interface SettingFieldProps {
  name: ScalarSettingKey;
  value: string | boolean;
  error: string | undefined;
  /** Greyed out (e.g. the upload limit while "Download only" is on). */
  disabled?: boolean;
  onChange: (value: string | boolean) => void;
}

function defaultText(name: ScalarSettingKey): string {
  const value = defaultSettings[name];
  if (typeof value === "boolean") return value ? t("fieldOn") : t("fieldOff");
  const symbol = unitSymbol(unitOf(name));
  const shown = Number(displayText(name, value)).toLocaleString(uiLanguage(), {
    maximumFractionDigits: 3,
  });
  return symbol === "" ? shown : `${shown} ${symbol}`;
}

/**
 * One setting: its input (a number input in the displayed unit, with the schema's bounds, or a
 * switch), label, the code name in small type, help text, default, bounds and (when the value is
 * bad) the error.
 */
export function SettingField({ name, value, error, disabled, onChange }: SettingFieldProps) {
  const id = useId();
  const help = SETTING_HELP[name];
  const unit = unitOf(name);
  const { step } = DISPLAY_UNITS[unit];
  const symbol = unitSymbol(unit);
  const bounds = typeof value === "boolean" ? undefined : boundsOf(name);
  const shownBounds = bounds === undefined ? undefined : displayBounds(bounds, unit);
  const allowed = bounds === undefined ? "" : boundsText(bounds, unit);
  const describedBy = `${id}-help${error === undefined ? "" : ` ${id}-error`}`;
  return (
    <div className="field" data-setting={name}>
      <div className="field-main">
        <label htmlFor={id} className="field-label">
          {t(help.label)}
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
              disabled={disabled}
              aria-describedby={describedBy}
              onChange={(event) => {
                onChange(event.currentTarget.checked);
              }}
            />
          ) : (
            <input
              id={id}
              type="number"
              inputMode="decimal"
              // The arrows' step; the schema (checked on every change) decides what is valid.
              step={step}
              min={shownBounds?.min}
              max={shownBounds?.max}
              value={value}
              disabled={disabled}
              aria-invalid={error !== undefined}
              aria-describedby={describedBy}
              onChange={(event) => {
                onChange(event.currentTarget.value);
              }}
            />
          )}
          {/* Always there, so inputs line up whether or not they have a unit. */}
          <span className="muted small unit">{typeof value === "boolean" ? "" : symbol}</span>
        </span>
      </div>
      <p id={`${id}-help`} className="muted small">
        {t(help.help)} {t("fieldDefault", defaultText(name))}
        {allowed === "" ? null : (
          <span className="bounds" data-bounds={name}>
            {" "}
            {t("fieldAllowed", allowed)}
          </span>
        )}
      </p>
      {error === undefined ? null : (
        <p id={`${id}-error`} className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
