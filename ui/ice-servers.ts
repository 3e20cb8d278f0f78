/**
 * The STUN/TURN editor's rows and their check. The core accepts any RTCConfiguration object; the
 * browser is stricter when a peer connection is made (a TURN server needs a username and a
 * credential), so the form checks that here rather than let every connection fail later.
 */
import { t } from "./i18n";

export interface IceServerDraft {
  /** One or more URLs, separated by spaces, commas or new lines. */
  urls: string;
  username: string;
  credential: string;
}

const ICE_URL = /^(stun|stuns|turn|turns):[^\s,]+$/;

export function iceServersDraft(servers: readonly RTCIceServer[]): IceServerDraft[] {
  return servers.map((server) => ({
    urls: (Array.isArray(server.urls) ? server.urls : [server.urls]).join(", "),
    username: server.username ?? "",
    credential: typeof server.credential === "string" ? server.credential : "",
  }));
}

export type IceParse =
  { ok: true; servers: RTCIceServer[] } | { ok: false; errors: Record<string, string> };

export function parseIceServers(rows: readonly IceServerDraft[]): IceParse {
  const errors: Record<string, string> = {};
  const servers: RTCIceServer[] = [];
  rows.forEach((row, index) => {
    const urls = row.urls.split(/[\s,]+/).filter((url) => url !== "");
    const field = `iceServers.${String(index)}`;
    if (urls.length === 0) errors[field] = t("errorIceUrl");
    else if (!urls.every((url) => ICE_URL.test(url))) errors[field] = t("errorIceScheme");
    else if (urls.some((url) => url.startsWith("turn")) && (!row.username || !row.credential))
      errors[field] = t("errorTurnCredential");
    const server: RTCIceServer = { urls: urls.length === 1 ? (urls[0] ?? "") : urls };
    if (row.username) server.username = row.username;
    if (row.credential) server.credential = row.credential;
    servers.push(server);
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, servers };
}
