import browser from "webextension-polyfill";
import { defaultSettings } from "../../core/settings";
import type { UiState } from "../../messaging/ui-to-background";
import { t } from "../i18n";
import { useUiState } from "../use-ui-state";
import { ConsentNeeded } from "./ConsentNeeded";
import { EmbedSection } from "./EmbedSection";
import { GlobalToggles } from "./GlobalToggles";
import { LiveStats } from "./LiveStats";
import { Logo } from "./Logo";
import { SavedTotals } from "./SavedTotals";
import { SiteSection } from "./SiteSection";
import { StatusLine } from "./StatusLine";
import { showsStats, tabStatus } from "./tab-status";
import { useFrameNote } from "./use-tab-answer";
import { useTabStats } from "./use-tab-stats";
import { useTargetTab, type TargetTab } from "./use-target-tab";

/**
 * The toolbar popup: one card with this tab's status line, this site's switch and the global
 * switches; this tab's stats (only while the engine serves a stream for it); the totals. Laid out
 * to fit Chrome's popup limit (600 px tall) without scrolling.
 */
export function PopupPage() {
  const { state, error, setState } = useUiState();
  const target = useTargetTab();

  return (
    <main className="popup">
      <header className="popup-header">
        <Logo />
        <h1>{t("extensionName")}</h1>
        <button
          type="button"
          className="link small"
          onClick={() => {
            void browser.runtime.openOptionsPage();
          }}
        >
          {t("settings")}
        </button>
      </header>
      {error === undefined ? null : <p className="notice error-box">{error}</p>}
      {state === undefined || target === undefined ? (
        error === undefined ? (
          <p className="muted">{t("loading")}</p>
        ) : null
      ) : state.consent === undefined ? (
        <ConsentNeeded />
      ) : (
        <TabView target={target} state={state} setState={setState} />
      )}
    </main>
  );
}

interface TabViewProps {
  target: TargetTab;
  state: UiState;
  setState: (state: UiState) => void;
}

/** Everything below the header once the viewer accepted sharing. */
function TabView({ target, state, setState }: TabViewProps) {
  // Only a website's tab can have stats: no polling for a browser page.
  const websiteTab = target.site === undefined ? undefined : target.tabId;
  const { stats, history, loaded } = useTabStats(websiteTab);
  const standsAside = useFrameNote(websiteTab);
  const siteOn =
    target.site !== undefined && (state.mode === "everywhere" || state.sites.includes(target.site));
  const status = tabStatus({
    site: target.site,
    siteOn,
    useP2P: state.settings.useP2P ?? defaultSettings.useP2P,
    consumeOnly: state.settings.consumeOnly ?? defaultSettings.consumeOnly,
    stats,
    loaded,
    standsAside,
  });
  return (
    <>
      <div className="card controls">
        <StatusLine status={status} />
        <SiteSection
          target={target}
          state={state}
          onSites={(sites) => {
            setState({ ...state, sites });
          }}
        />
        {siteOn &&
        state.mode === "per-site" &&
        target.site !== undefined &&
        websiteTab !== undefined ? (
          <EmbedSection site={target.site} tabId={websiteTab} state={state} onState={setState} />
        ) : null}
        <GlobalToggles
          settings={state.settings}
          onSettings={(settings) => {
            setState({ ...state, settings });
          }}
        />
      </div>
      {showsStats(status) ? <LiveStats stats={status.stats} history={history} /> : null}
      <SavedTotals site={target.site} />
    </>
  );
}
