import { useState } from "react";
import type { Mode, StoredSettings } from "../../messaging/stored-settings";
import type { UiState } from "../../messaging/ui-to-background";
import { background } from "../background";
import { messageOf } from "../errors";
import { t } from "../i18n";
import { originsInUse } from "../../messaging/site-access";
import { ALL_SITES, releaseOrigin, requestOrigins } from "../permissions";
import { ADVANCED_GROUPS, VIEWER_GROUP, type ScalarSettingKey } from "../setting-help";
import { CacheStorageInfo } from "./CacheStorageInfo";
import { LimitsSection } from "./LimitsSection";
import { DataSection } from "./DataSection";
import { IceServersEditor } from "./IceServersEditor";
import { SaveBar } from "./SaveBar";
import { SettingsGroup } from "./SettingsGroup";
import { SharingSection } from "./SharingSection";
import { SiteList } from "./SiteList";
import { TotalsSection } from "./TotalsSection";
import { TrackerList } from "./TrackerList";
import { useSettingsForm } from "./use-settings-form";
import { ViewerSettings } from "./ViewerSettings";

interface SettingsEditorProps {
  state: UiState;
  onState: (state: UiState) => void;
}

export type SaveStatus =
  { kind: "idle" } | { kind: "saved"; text: string } | { kind: "error"; text: string };

/** Everything the options page edits. Settings are saved with Save; sites and mode at once. */
export function SettingsEditor({ state, onState }: SettingsEditorProps) {
  const form = useSettingsForm(state.settings);
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const [modeError, setModeError] = useState<string>();
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const errors = form.result.ok ? {} : form.result.errors;

  const run = (what: Promise<StoredSettings>, done: string) => {
    void what
      .then((settings) => {
        form.load(settings);
        onState({ ...state, settings });
        setStatus({ kind: "saved", text: done });
      })
      .catch((caught: unknown) => {
        setStatus({ kind: "error", text: messageOf(caught) });
      });
  };

  const save = () => {
    if (!form.result.ok) {
      // A bad value under the collapsed "Advanced" must be seen to be fixed.
      const viewerKeys: readonly string[] = VIEWER_GROUP.keys;
      if (Object.keys(form.result.errors).some((key) => !viewerKeys.includes(key)))
        setAdvancedOpen(true);
      setStatus({ kind: "error", text: t("fixFields") });
      return;
    }
    run(background.setSettings(form.result.settings), t("saved"));
  };

  const changeMode = (mode: Mode) => {
    setModeError(undefined);
    // Inside the change event (a user gesture), before any await.
    const granted = mode === "everywhere" ? requestOrigins([ALL_SITES]) : Promise.resolve(true);
    void granted
      .then(async (ok) => {
        if (!ok) {
          setModeError(t("modeRefused"));
          return;
        }
        onState(await background.setMode(mode));
      })
      .catch((caught: unknown) => {
        setModeError(messageOf(caught));
      });
  };

  const removeSite = (site: string) => {
    void background.setSite(site, false).then(async (sites) => {
      const next = { ...state, sites };
      onState(next);
      if (state.mode !== "per-site") return;
      // The site's own access, and that of the players it embedded, unless still in use.
      const inUse = originsInUse(next);
      for (const origin of [site, ...(state.embeds[site] ?? [])]) {
        await releaseOrigin(origin, inUse);
      }
    });
  };

  const [caching, ...rest] = ADVANCED_GROUPS;
  const trackersGroup = rest.at(-1);
  const middle = rest.slice(0, -1);
  const groupProps = {
    draft: form.draft,
    errors,
    onChange: (key: ScalarSettingKey, value: string | boolean) => {
      form.setDraft((draft) => ({ ...draft, scalars: { ...draft.scalars, [key]: value } }));
      setStatus({ kind: "idle" });
    },
  };

  return (
    <div className="stack options-body">
      <SharingSection
        state={state}
        error={modeError}
        onMode={changeMode}
        onWithdraw={() => {
          void background.setConsent(false).then(onState);
        }}
      />
      <SiteList sites={state.sites} embeds={state.embeds} onRemove={removeSite} />
      <ViewerSettings {...groupProps} />
      <DataSection
        saved={state.settings}
        onReset={() => {
          run(background.reset(), t("settingsReset"));
        }}
        onImport={(settings) => {
          run(background.setSettings(settings), t("imported"));
        }}
      />
      <TotalsSection />
      <details
        className="advanced"
        open={advancedOpen}
        onToggle={(event) => {
          setAdvancedOpen(event.currentTarget.open);
        }}
      >
        <summary>
          <h2>{t("advanced")}</h2>
        </summary>
        <div className="stack">
          <p className="muted small">{t("advancedHint")}</p>
          {caching === undefined ? null : (
            <SettingsGroup group={caching} {...groupProps}>
              <CacheStorageInfo />
            </SettingsGroup>
          )}
          {middle.map((group) => (
            <SettingsGroup key={group.title} group={group} {...groupProps} />
          ))}
          {trackersGroup === undefined ? null : (
            <SettingsGroup group={trackersGroup} {...groupProps}>
              <TrackerList
                trackers={form.draft.trackers}
                error={errors.trackerAnnounce}
                onChange={(trackers) => {
                  form.setDraft((draft) => ({ ...draft, trackers }));
                }}
              />
              <IceServersEditor
                servers={form.draft.iceServers}
                errors={errors}
                onChange={(iceServers) => {
                  form.setDraft((draft) => ({ ...draft, iceServers }));
                }}
              />
            </SettingsGroup>
          )}
          <LimitsSection />
        </div>
      </details>
      <SaveBar
        dirty={form.dirty}
        status={status}
        onSave={save}
        onDiscard={() => {
          form.load(state.settings);
          setStatus({ kind: "idle" });
        }}
      />
    </div>
  );
}
