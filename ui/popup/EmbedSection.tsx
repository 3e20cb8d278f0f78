import type { UiState } from "../../messaging/ui-to-background";
import { background } from "../background";
import { t } from "../i18n";
import { originsInUse } from "../../messaging/site-access";
import { releaseOrigin } from "../permissions";
import { ReloadHint } from "./ReloadHint";
import { useGrantedChange } from "./use-granted-change";
import { useEmbeddedPlayers } from "./use-tab-answer";

interface EmbedSectionProps {
  site: string;
  tabId: number;
  state: UiState;
  onState: (state: UiState) => void;
}

/**
 * Players of other origins on this site's pages (a video platform's player embedded in a news
 * site): each one the page shows is offered once, by name; sharing it asks the browser for that
 * origin's access inside the click. The ones already shared here can be stopped.
 */
export function EmbedSection({ site, tabId, state, onState }: EmbedSectionProps) {
  const onPage = useEmbeddedPlayers(tabId) ?? [];
  const { busy, error, changed, run } = useGrantedChange();
  const shared = state.embeds[site] ?? [];
  // A frame whose site is on by itself needs no offer: its video is shared already.
  const offered = onPage.filter((frame) => !shared.includes(frame) && !state.sites.includes(frame));
  if (offered.length === 0 && shared.length === 0) return null;

  const change = (frame: string, on: boolean) => {
    run(on ? frame : undefined, t("embedRefused", nameOf(frame)), async () => {
      const next = await background.setEmbed(site, frame, on);
      if (!on) await releaseOrigin(frame, originsInUse(next));
      onState(next);
    });
  };

  return (
    <section className="embeds" aria-label={t("embedSectionLabel")}>
      {[
        ...offered.map((frame) => [frame, true] as const),
        ...shared.map((frame) => [frame, false] as const),
      ].map(([frame, offer]) => (
        <div className="embed spread" key={frame}>
          <span className={offer ? undefined : "muted"}>
            {t(offer ? "embedOffer" : "embedShared", nameOf(frame))}
          </span>
          <button
            type="button"
            className={offer ? undefined : "link"}
            disabled={busy}
            aria-label={t(offer ? "embedShareLabel" : "embedStopLabel", nameOf(frame))}
            onClick={() => {
              change(frame, offer);
            }}
          >
            {t(offer ? "embedShare" : "embedStop")}
          </button>
        </div>
      ))}
      {error === undefined ? null : (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {changed ? <ReloadHint tabId={tabId} /> : null}
    </section>
  );
}

/** How an origin is named to the viewer: its host, with the scheme when it is not https. */
const nameOf = (origin: string): string =>
  origin.startsWith("https://") ? new URL(origin).host : origin;
