import type { UiState } from "../../messaging/ui-to-background";
import { t, uiLanguage } from "../i18n";
import { ToolbarTips } from "./ToolbarTips";

interface AcceptedPanelProps {
  state: UiState;
  onOpenOptions: () => void;
}

/** After consent: what happens next, for the mode chosen. */
export function AcceptedPanel({ state, onOpenOptions }: AcceptedPanelProps) {
  const when = new Date(state.consent?.acceptedAt ?? 0).toLocaleString(uiLanguage());
  return (
    <section className="card stack notice ok" role="status" aria-label={t("acceptedRegion")}>
      <h2>{t("acceptedTitle")}</h2>
      {state.mode === "everywhere" ? (
        <p>{t("acceptedEverywhere")}</p>
      ) : (
        <p>{t("acceptedPerSite")}</p>
      )}
      <ToolbarTips />
      <p className="muted small">{t("acceptedAt", when)}</p>
      <div className="row">
        <button type="button" onClick={onOpenOptions}>
          {t("openSettings")}
        </button>
      </div>
    </section>
  );
}
