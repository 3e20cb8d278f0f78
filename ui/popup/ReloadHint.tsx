import browser from "webextension-polyfill";
import { t } from "../i18n";

/** After a site was switched on or off: the page applies it on its next load. */
export function ReloadHint({ tabId }: { tabId: number }) {
  return (
    <div className="notice spread reload-hint" role="status">
      <span>{t("reloadText")}</span>
      <button
        type="button"
        onClick={() => {
          void browser.tabs.reload(tabId);
        }}
      >
        {t("reloadButton")}
      </button>
    </div>
  );
}
