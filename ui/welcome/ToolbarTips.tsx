import { useEffect, useState } from "react";
import browser from "webextension-polyfill";
import { TOGGLE_SITE_COMMAND } from "../../messaging/commands";
import { t } from "../i18n";

/** The shortcut of the site command as the browser has it now (the viewer may change it). */
function useSiteShortcut(): string | undefined {
  const [shortcut, setShortcut] = useState<string>();
  useEffect(() => {
    void browser.commands
      .getAll()
      .then((commands) => {
        const key = commands.find((command) => command.name === TOGGLE_SITE_COMMAND)?.shortcut;
        // An empty shortcut: the browser assigned none (the key was taken) or the viewer removed it.
        setShortcut(key === "" ? undefined : key);
      })
      .catch(() => undefined);
  }, []);
  return shortcut;
}

/** Where the toolbar button is and how to keep it in sight; the site shortcut, when one is set. */
export function ToolbarTips() {
  const shortcut = useSiteShortcut();
  return (
    <ul className="facts small" aria-label={t("tipsLabel")}>
      <li>
        <strong>{t("tipPinTitle")}</strong> {t("tipPinText")}
      </li>
      {shortcut === undefined ? null : (
        <li>
          <strong>{shortcut}</strong> {t("tipShortcut")}
        </li>
      )}
    </ul>
  );
}
