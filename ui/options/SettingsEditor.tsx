import { useState } from "react";
import type { Mode, StoredSettings } from "../../messaging/stored-settings";
import type { UiState } from "../../messaging/ui-to-background";
import { background } from "../background";
import { messageOf } from "../errors";
import { ALL_SITES, releaseOrigin, requestOrigins } from "../permissions";
import { SETTING_GROUPS } from "../setting-help";
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
      setStatus({ kind: "error", text: "Fix the fields marked in red; nothing was saved." });
      return;
    }
    run(background.setSettings(form.result.settings), "Saved.");
  };

  const changeMode = (mode: Mode) => {
    setModeError(undefined);
    // Inside the change event (a user gesture), before any await.
    const granted = mode === "everywhere" ? requestOrigins([ALL_SITES]) : Promise.resolve(true);
    void granted
      .then(async (ok) => {
        if (!ok) {
          setModeError("The browser did not allow access to all sites; staying site by site.");
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
      onState({ ...state, sites });
      if (state.mode === "per-site") await releaseOrigin(site, sites);
    });
  };

  const [caching, ...rest] = SETTING_GROUPS;
  const trackersGroup = rest.at(-1);
  const middle = rest.slice(0, -1);
  const groupProps = {
    draft: form.draft,
    errors,
    onChange: (key: (typeof SETTING_GROUPS)[number]["keys"][number], value: string | boolean) => {
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
      <SiteList sites={state.sites} onRemove={removeSite} />
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
      <DataSection
        saved={state.settings}
        onReset={() => {
          run(background.reset(), "Settings reset to defaults.");
        }}
        onImport={(settings) => {
          run(background.setSettings(settings), "Imported and saved.");
        }}
      />
      <TotalsSection />
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
