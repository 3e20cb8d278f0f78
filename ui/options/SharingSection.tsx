import browser from "webextension-polyfill";
import type { Mode } from "../../messaging/stored-settings";
import type { UiState } from "../../messaging/ui-to-background";
import { t, uiLanguage } from "../i18n";
import { ModeChoice } from "../ModeChoice";
import { WELCOME_PAGE } from "../pages";

interface SharingSectionProps {
  state: UiState;
  error: string | undefined;
  onMode: (mode: Mode) => void;
  onWithdraw: () => void;
}

/** Consent (with withdrawal) and the mode: site by site or everywhere. */
export function SharingSection({ state, error, onMode, onWithdraw }: SharingSectionProps) {
  return (
    <section className="card stack" aria-labelledby="sharing-title">
      <h2 id="sharing-title">{t("sharingTitle")}</h2>
      {state.consent === undefined ? (
        <div className="notice spread">
          <span>{t("sharingNotAccepted")}</span>
          <button
            type="button"
            className="primary"
            onClick={() => {
              void browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) });
            }}
          >
            {t("reviewAndAccept")}
          </button>
        </div>
      ) : (
        <div className="notice ok spread">
          <span>
            {t(
              "sharingAcceptedOn",
              new Date(state.consent.acceptedAt).toLocaleDateString(uiLanguage()),
            )}
          </span>
          <button type="button" onClick={onWithdraw}>
            {t("withdrawConsent")}
          </button>
        </div>
      )}
      <ModeChoice mode={state.mode} onChange={onMode} />
      {error === undefined ? null : (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
