import type { UiState } from "../../messaging/ui-to-background";
import { background } from "../background";
import { t } from "../i18n";
import { Switch } from "../Switch";
import { ReloadHint } from "./ReloadHint";
import { useGrantedChange } from "./use-granted-change";
import type { TargetTab } from "./use-target-tab";

interface SiteSectionProps {
  target: TargetTab;
  state: UiState;
  onSites: (sites: string[]) => void;
}

/** The current tab's site: its on/off switch, and the reload hint after a change. */
export function SiteSection({ target, state, onSites }: SiteSectionProps) {
  const { busy, error, changed, run } = useGrantedChange();
  const { site } = target;

  // The status line above says so; there is no site to switch.
  if (site === undefined) return null;
  const enabled = state.sites.includes(site);
  const everywhere = state.mode === "everywhere";

  const toggle = (on: boolean) => {
    run(on ? site : undefined, t("siteRefused"), async () => {
      onSites(await background.setSite(site, on));
    });
  };

  return (
    <section className="site" aria-label={t("thisSite")}>
      <div className="site-name truncate" title={site}>
        {new URL(site).host}
      </div>
      {everywhere ? (
        <p className="muted small">{t("siteEverywhere")}</p>
      ) : (
        <Switch
          label={t("siteLabel")}
          hint={enabled ? t("siteHintOn") : t("siteHintOff")}
          checked={enabled}
          disabled={busy}
          onChange={toggle}
        />
      )}
      {error === undefined ? null : (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {changed && target.tabId !== undefined ? <ReloadHint tabId={target.tabId} /> : null}
    </section>
  );
}
