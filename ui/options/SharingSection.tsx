import browser from "webextension-polyfill";
import type { Mode } from "../../messaging/stored-settings";
import type { UiState } from "../../messaging/ui-to-background";
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
      <h2 id="sharing-title">Where it works</h2>
      {state.consent === undefined ? (
        <div className="notice spread">
          <span>You have not accepted sharing yet, so nothing is shared.</span>
          <button
            type="button"
            className="primary"
            onClick={() => {
              void browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) });
            }}
          >
            Review and accept
          </button>
        </div>
      ) : (
        <div className="notice ok spread">
          <span>
            Sharing accepted on {new Date(state.consent.acceptedAt).toLocaleDateString()}.
          </span>
          <button type="button" onClick={onWithdraw}>
            Withdraw consent
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
