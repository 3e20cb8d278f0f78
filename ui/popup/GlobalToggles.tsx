import { useState } from "react";
import { defaultSettings } from "../../core/settings";
import type { StoredSettings } from "../../messaging/stored-settings";
import { background } from "../background";
import { messageOf } from "../errors";
import { Switch } from "../Switch";

type ToggleKey = "useP2P" | "consumeOnly";

interface GlobalTogglesProps {
  settings: StoredSettings;
  onSettings: (settings: StoredSettings) => void;
}

/**
 * useP2P and consumeOnly for every site, as two tiles side by side: read the stored settings, change one key, write them
 * back (a value equal to the default is dropped, as the options page does).
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
    <section className="globals" aria-label="All sites">
      <Switch
        label="Use peers"
        hint="Exchange with viewers"
        className="switch-tile"
        checked={value("useP2P")}
        disabled={busy}
        onChange={(next) => {
          change("useP2P", next);
        }}
      />
      <Switch
        label="Download only"
        hint="Never upload to peers"
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
