import { t } from "../i18n";
import type { IceServerDraft } from "../ice-servers";
import type { DraftErrors } from "../settings-draft";
import { SETTING_HELP } from "../setting-help";

interface IceServersEditorProps {
  servers: IceServerDraft[];
  errors: DraftErrors;
  onChange: (servers: IceServerDraft[]) => void;
}

const EMPTY: IceServerDraft = { urls: "", username: "", credential: "" };

/** rtcConfig.iceServers: one row per STUN/TURN server (URLs, username, credential). */
export function IceServersEditor({ servers, errors, onChange }: IceServersEditorProps) {
  const update = (index: number, patch: Partial<IceServerDraft>) => {
    onChange(servers.map((server, i) => (i === index ? { ...server, ...patch } : server)));
  };
  return (
    <div className="field editor" data-setting="rtcConfig">
      <h3 className="field-label">
        {t(SETTING_HELP.rtcConfig.label)} <code className="field-key">rtcConfig.iceServers</code>
      </h3>
      <p className="muted small">{t(SETTING_HELP.rtcConfig.help)}</p>
      {servers.length === 0 ? <p className="muted small empty">{t("iceEmpty")}</p> : null}
      {servers.map((server, index) => {
        const n = String(index + 1);
        const error = errors[`iceServers.${String(index)}`];
        return (
          <div key={index} className="ice-row" role="group" aria-label={t("iceServer", n)}>
            <input
              type="text"
              aria-label={t("iceServerUrls", n)}
              placeholder="stun:stun.example:3478"
              value={server.urls}
              aria-invalid={error !== undefined}
              onChange={(event) => {
                update(index, { urls: event.currentTarget.value });
              }}
            />
            <input
              type="text"
              aria-label={t("iceServerUsername", n)}
              placeholder={t("iceUsernamePlaceholder")}
              autoComplete="off"
              value={server.username}
              onChange={(event) => {
                update(index, { username: event.currentTarget.value });
              }}
            />
            <input
              type="password"
              aria-label={t("iceServerCredential", n)}
              placeholder={t("iceCredentialPlaceholder")}
              autoComplete="new-password"
              value={server.credential}
              onChange={(event) => {
                update(index, { credential: event.currentTarget.value });
              }}
            />
            <button
              type="button"
              aria-label={t("iceRemoveServer", n)}
              onClick={() => {
                onChange(servers.filter((_, i) => i !== index));
              }}
            >
              {t("remove")}
            </button>
            {error === undefined ? null : (
              <p className="error ice-error" role="alert">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <div className="row">
        <button
          type="button"
          onClick={() => {
            onChange([...servers, EMPTY]);
          }}
        >
          {t("iceAddServer")}
        </button>
      </div>
    </div>
  );
}
