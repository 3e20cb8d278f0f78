import browser from "webextension-polyfill";
import { t } from "../i18n";
import { WELCOME_PAGE } from "../pages";

/** Before consent: a short explanation and the way to the welcome page, instead of controls. */
export function ConsentNeeded() {
  return (
    <section className="stack" aria-label={t("consentRegion")}>
      <p>{t("consentText")}</p>
      <p className="muted">{t("consentNothingYet")}</p>
      <button
        type="button"
        className="primary"
        onClick={() => {
          void browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) }).then(() => {
            window.close();
          });
        }}
      >
        {t("reviewAndAccept")}
      </button>
    </section>
  );
}
