import { t, uiLanguage } from "../i18n";
import { REPOSITORY_URL } from "../pages";
import { Markdown } from "./markdown";
import { PRIVACY_TOKENS } from "./privacy-text";

/** PRIVACY.md, as shipped with this version of the extension. */
export function PrivacyPage() {
  return (
    <main className="privacy stack">
      {/* PRIVACY.md is English only: a reader in another language is told so, in that language. */}
      {uiLanguage().startsWith("en") ? null : <p className="notice">{t("privacyEnglishOnly")}</p>}
      <Markdown tokens={PRIVACY_TOKENS} repository={REPOSITORY_URL} />
    </main>
  );
}
