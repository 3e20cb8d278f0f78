import { useState } from "react";
import { defaultSettings } from "../../core/settings";
import type { StoredSettings } from "../../messaging/stored-settings";
import { background } from "../background";
import { messageOf } from "../errors";
import { t } from "../i18n";
import { Switch } from "../Switch";

type ToggleKey = "useP2P" | "consumeOnly";

interface GlobalTogglesProps {
  settings: StoredSettings;
  onSettings: (settings: StoredSettings) => void;
}

/**
 * useP2P and consumeOnly, which apply on every site where sharing is on (the site switch above
 * says where), as two tiles side by side under a heading that says so: read the stored settings,
 * change one key, write them back (a value equal to the default is dropped, as the options page
 * does).
 */
export function GlobalToggles({ settings, onSettings }: GlobalTogglesProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const value = (key: ToggleKey) => settings[key] ?? defaultSettings[key];

  const change = (key: ToggleKey, next: boolean) => {
    setBusy(true);
    setError(undefined);
    void (async () => {
      const stored = await background.settings();
      const others = Object.fromEntries(Object.entries(stored).filter(([name]) => name !== key));
      const current: StoredSettings =
        next === defaultSettings[key] ? others : { ...others, [key]: next };
      onSettings(await background.setSettings(current));
    })()
      .catch((caught: unknown) => {
        setError(messageOf(caught));
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <section className="globals" aria-label={t("allSites")}>
      <h2 className="section-title globals-title">{t("globalsHeading")}</h2>
      <Switch
        label={t("globalsUseP2P")}
        hint={t("globalsUseP2PHint")}
        className="switch-tile"
        checked={value("useP2P")}
        disabled={busy}
        onChange={(next) => {
          change("useP2P", next);
        }}
      />
      <Switch
        label={t("globalsConsumeOnly")}
        hint={t("globalsConsumeOnlyHint")}
        className="switch-tile"
        checked={value("consumeOnly")}
        disabled={busy || !value("useP2P")}
        onChange={(next) => {
          change("consumeOnly", next);
        }}
      />
      {error === undefined ? null : (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
