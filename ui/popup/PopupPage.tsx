import browser from "webextension-polyfill";
import { useUiState } from "../use-ui-state";
import { ConsentNeeded } from "./ConsentNeeded";
import { GlobalToggles } from "./GlobalToggles";
import { LiveStats } from "./LiveStats";
import { Logo } from "./Logo";
import { SavedTotals } from "./SavedTotals";
import { SiteSection } from "./SiteSection";
import { useTargetTab } from "./use-target-tab";

/**
 * The toolbar popup: one card with this site's switch and the global switches, this tab's stats,
 * the totals. Laid out to fit Chrome's popup limit (600 px tall) without scrolling.
 */
export function PopupPage() {
  const { state, error, setState } = useUiState();
  const target = useTargetTab();

  return (
    <main className="popup">
      <header className="popup-header">
        <Logo />
        <h1>PeerCast Video</h1>
        <button
          type="button"
          className="link small"
          onClick={() => {
            void browser.runtime.openOptionsPage();
          }}
        >
          Settings
        </button>
      </header>
      {error === undefined ? null : <p className="notice error-box">{error}</p>}
      {state === undefined || target === undefined ? (
        error === undefined ? (
          <p className="muted">Loading…</p>
        ) : null
      ) : state.consent === undefined ? (
        <ConsentNeeded />
      ) : (
        <>
          <div className="card controls">
            <SiteSection
              target={target}
              state={state}
              onSites={(sites) => {
                setState({ ...state, sites });
              }}
            />
            <GlobalToggles
              settings={state.settings}
              onSettings={(settings) => {
                setState({ ...state, settings });
              }}
            />
          </div>
          {target.tabId === undefined ? null : <LiveStats tabId={target.tabId} />}
          <SavedTotals site={target.site} />
        </>
      )}
    </main>
  );
}
