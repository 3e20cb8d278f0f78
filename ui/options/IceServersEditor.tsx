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
        {SETTING_HELP.rtcConfig.label} <code className="field-key">rtcConfig.iceServers</code>
      </h3>
      <p className="muted small">{SETTING_HELP.rtcConfig.help}</p>
      {servers.length === 0 ? (
        <p className="muted small empty">No servers: only peers on the same network can connect.</p>
      ) : null}
      {servers.map((server, index) => {
        const n = String(index + 1);
        const error = errors[`iceServers.${String(index)}`];
        return (
          <div key={index} className="ice-row" role="group" aria-label={`Server ${n}`}>
            <input
              type="text"
              aria-label={`Server ${n} URLs`}
              placeholder="stun:stun.example:3478"
              value={server.urls}
              aria-invalid={error !== undefined}
              onChange={(event) => {
                update(index, { urls: event.currentTarget.value });
              }}
            />
            <input
              type="text"
              aria-label={`Server ${n} username`}
              placeholder="username (TURN)"
              autoComplete="off"
              value={server.username}
              onChange={(event) => {
                update(index, { username: event.currentTarget.value });
              }}
            />
            <input
              type="password"
              aria-label={`Server ${n} credential`}
              placeholder="credential (TURN)"
              autoComplete="new-password"
              value={server.credential}
              onChange={(event) => {
                update(index, { credential: event.currentTarget.value });
              }}
            />
            <button
              type="button"
              aria-label={`Remove server ${n}`}
              onClick={() => {
                onChange(servers.filter((_, i) => i !== index));
              }}
            >
              Remove
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
          Add server
        </button>
      </div>
    </div>
  );
}
