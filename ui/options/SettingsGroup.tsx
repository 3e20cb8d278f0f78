import type { ReactNode } from "react";
import { t } from "../i18n";
import type { DraftErrors, SettingsDraft } from "../settings-draft";
import type { ScalarSettingKey, SettingGroup } from "../setting-help";
import { SettingField } from "./SettingField";

interface SettingsGroupProps {
  group: SettingGroup;
  draft: SettingsDraft;
  errors: DraftErrors;
  onChange: (key: ScalarSettingKey, value: string | boolean) => void;
  /** Extra content at the end of the group (editors, read-only facts). */
  children?: ReactNode;
}

/** A titled group of settings. */
export function SettingsGroup({ group, draft, errors, onChange, children }: SettingsGroupProps) {
  const titleId = `group-${group.title}`;
  return (
    <section className="card stack group" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(group.title)}</h2>
      {group.keys.map((key) => (
        <SettingField
          key={key}
          name={key}
          value={draft.scalars[key]}
          error={errors[key]}
          onChange={(value) => {
            onChange(key, value);
          }}
        />
      ))}
      {children}
    </section>
  );
}
