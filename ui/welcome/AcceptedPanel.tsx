import type { UiState } from "../../messaging/ui-to-background";
import { ToolbarTips } from "./ToolbarTips";

interface AcceptedPanelProps {
  state: UiState;
  onOpenOptions: () => void;
}

/** After consent: what happens next, for the mode chosen. */
export function AcceptedPanel({ state, onOpenOptions }: AcceptedPanelProps) {
  const when = new Date(state.consent?.acceptedAt ?? 0).toLocaleString();
  return (
    <section className="card stack notice ok" role="status" aria-label="Sharing accepted">
      <h2>You’re all set</h2>
      {state.mode === "everywhere" ? (
        <p>Sharing is on for every site. Reload a page that is already playing video to start.</p>
      ) : (
        <p>
          Open a site where you watch video, click the PeerCast Video button in the toolbar and
          switch it on for that site.
        </p>
      )}
      <ToolbarTips />
      <p className="muted small">Accepted {when}.</p>
      <div className="row">
        <button type="button" onClick={onOpenOptions}>
          Open settings
        </button>
      </div>
    </section>
  );
}
