import browser from "webextension-polyfill";
import { t } from "./i18n";
import { PRIVACY_PAGE, REPOSITORY_URL } from "./pages";

/** The links every extension page ends with: the privacy policy shipped with it, the source. */
export function PageFooter() {
  return (
    <footer className="page-footer muted small row" aria-label={t("footerAbout")}>
      <a href={browser.runtime.getURL(PRIVACY_PAGE)} target="_blank" rel="noreferrer">
        {t("footerPrivacy")}
      </a>
      <a href={REPOSITORY_URL} target="_blank" rel="noreferrer">
        {t("footerSource")}
      </a>
    </footer>
  );
}
