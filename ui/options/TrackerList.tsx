import { useId, useState } from "react";
import { t } from "../i18n";
import { checkTracker } from "../settings-draft";
import { SETTING_HELP } from "../setting-help";

interface TrackerListProps {
  trackers: string[];
  error: string | undefined;
  onChange: (trackers: string[]) => void;
}

/** The trackerAnnounce list: remove any, add ws:// or wss:// URLs (checked before adding). */
export function TrackerList({ trackers, error, onChange }: TrackerListProps) {
  const id = useId();
  const [input, setInput] = useState("");
  const [inputError, setInputError] = useState<string>();

  const add = () => {
    const url = input.trim();
    const problem = checkTracker(url);
    if (problem !== undefined) {
      setInputError(problem);
      return;
    }
    if (!trackers.includes(url)) onChange([...trackers, url]);
    setInput("");
    setInputError(undefined);
  };

  return (
    <div className="field editor" data-setting="trackerAnnounce">
      <h3 className="field-label">
        {t(SETTING_HELP.trackerAnnounce.label)} <code className="field-key">trackerAnnounce</code>
      </h3>
      <p className="muted small">{t(SETTING_HELP.trackerAnnounce.help)}</p>
      {trackers.length === 0 ? (
        <p className="muted small empty">{t("trackersEmpty")}</p>
      ) : (
        <ul className="url-list">
          {trackers.map((url) => (
            <li key={url} className="spread">
              <span className="truncate" title={url}>
                {url}
              </span>
              <button
                type="button"
                aria-label={t("removeTracker", url)}
                onClick={() => {
                  onChange(trackers.filter((other) => other !== url));
                }}
              >
                {t("remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error === undefined ? null : (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row add-row">
        <label htmlFor={id} className="visually-hidden">
          {t("trackerToAdd")}
        </label>
        <input
          id={id}
          type="text"
          placeholder="wss://tracker.example"
          value={input}
          aria-invalid={inputError !== undefined}
          aria-describedby={inputError === undefined ? undefined : `${id}-error`}
          onChange={(event) => {
            setInput(event.currentTarget.value);
            setInputError(undefined);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter") add();
          }}
        />
        <button type="button" onClick={add}>
          {t("addTracker")}
        </button>
      </div>
      {inputError === undefined ? null : (
        <p id={`${id}-error`} className="error" role="alert">
          {inputError}
        </p>
      )}
    </div>
  );
}
