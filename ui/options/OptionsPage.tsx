import { t } from "../i18n";
import { PageFooter } from "../PageFooter";
import { useUiState } from "../use-ui-state";
import { SettingsEditor } from "./SettingsEditor";

/** The options page: loads the state, then shows the editor. */
export function OptionsPage() {
  const { state, error, setState } = useUiState();
  return (
    <main className="options stack">
      <header className="stack options-header">
        <h1>{t("optionsTitle")}</h1>
        <p className="muted">{t("optionsIntro")}</p>
      </header>
      {error === undefined ? null : <p className="notice error-box">{error}</p>}
      {state === undefined ? (
        error === undefined ? (
          <p className="muted">{t("loading")}</p>
        ) : null
      ) : (
        <SettingsEditor state={state} onState={setState} />
      )}
      <PageFooter />
    </main>
  );
}
