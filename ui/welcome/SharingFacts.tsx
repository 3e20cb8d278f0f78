import browser from "webextension-polyfill";
import { t, type MessageKey } from "../i18n";
import { PRIVACY_PAGE } from "../pages";

/** Each fact: its bold start and the rest. */
const FACTS: readonly (readonly [MessageKey, MessageKey])[] = [
  ["factIpTitle", "factIpText"],
  ["factTrackersTitle", "factTrackersText"],
  ["factUploadTitle", "factUploadText"],
  ["factNothingElseTitle", "factNothingElseText"],
  ["factPlaybackTitle", "factPlaybackText"],
];

/** What sharing means, in plain words: the welcome page's explanation (PRIVACY.md in short). */
export function SharingFacts() {
  return (
    <section className="card stack" aria-labelledby="facts-title">
      <h2 id="facts-title">{t("factsTitle")}</h2>
      <ul className="facts">
        {FACTS.map(([title, text]) => (
          <li key={title}>
            <strong>{t(title)}</strong> {t(text)}
          </li>
        ))}
      </ul>
      <p className="muted">
        {t("factsFooter")}{" "}
        <a href={browser.runtime.getURL(PRIVACY_PAGE)} target="_blank" rel="noreferrer">
          {t("factsPrivacyLink")}
        </a>
        .
      </p>
    </section>
  );
}
