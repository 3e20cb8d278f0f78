import { useState } from "react";
import browser from "webextension-polyfill";
import type { Mode } from "../../messaging/stored-settings";
import { background } from "../background";
import { messageOf } from "../errors";
import { t } from "../i18n";
import { ModeChoice } from "../ModeChoice";
import { PageFooter } from "../PageFooter";
import { ALL_SITES, requestOrigins } from "../permissions";
import { useUiState } from "../use-ui-state";
import { AcceptedPanel } from "./AcceptedPanel";
import { SharingFacts } from "./SharingFacts";

/** First run: explains sharing, asks for consent and the mode. Nothing is stored before Accept. */
export function WelcomePage() {
  const { state, error: loadError, setState } = useUiState();
  const [mode, setMode] = useState<Mode>("per-site");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const finish = async (chosen: Mode) => {
    await background.setMode(chosen);
    setState(await background.setConsent(true));
  };

  const accept = () => {
    setError(undefined);
    setBusy(true);
    // The permission request must start inside the click (a user gesture): no await before it.
    const granted = mode === "everywhere" ? requestOrigins([ALL_SITES]) : Promise.resolve(true);
    void granted
      .then(async (ok) => {
        if (!ok) {
          setError(t("welcomeRefused"));
          return;
        }
        await finish(mode);
      })
      .catch((caught: unknown) => {
        setError(messageOf(caught));
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <main className="welcome stack">
      <header className="stack welcome-header">
        <h1>{t("welcomeTitle")}</h1>
        <p className="lead">{t("welcomeLead")}</p>
      </header>
      {loadError === undefined ? null : <p className="notice error-box">{loadError}</p>}
      {state?.consent === undefined ? (
        <>
          <SharingFacts />
          <section className="card stack" aria-label={t("welcomeChoice")}>
            <ModeChoice mode={mode} disabled={busy} onChange={setMode} />
            {error === undefined ? null : (
              <p className="notice error-box" role="alert">
                {error}
              </p>
            )}
            <div className="row">
              <button type="button" className="primary" disabled={busy} onClick={accept}>
                {t("welcomeAccept")}
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  window.close();
                }}
              >
                {t("welcomeNotNow")}
              </button>
            </div>
          </section>
        </>
      ) : (
        <AcceptedPanel
          state={state}
          onOpenOptions={() => {
            void browser.runtime.openOptionsPage();
          }}
        />
      )}
      <PageFooter />
    </main>
  );
}
