import { formatBytes } from "../format";
import type { StandAsideReason } from "../../messaging/frame-note";
import { t, type MessageKey } from "../i18n";
import type { TabStatus } from "./tab-status";

/** The line for sharing: how many viewers, and what they saved. */
function sharingText(peers: number, saved: number): string {
  if (peers === 0) return saved > 0 ? t("statusAloneSaved", formatBytes(saved)) : t("statusAlone");
  return peers === 1
    ? t("statusSharingOne", formatBytes(saved))
    : t("statusSharingMany", peers, formatBytes(saved));
}

/** Why the extension leaves the page alone, in words. */
const STANDS_ASIDE = {
  "page-p2p": "statusStandsAsidePageP2P",
  drm: "statusStandsAsideDrm",
  worker: "statusStandsAsideWorker",
} as const satisfies Record<StandAsideReason, MessageKey>;

/** The line for every other status. */
function statusText(status: Exclude<TabStatus, { kind: "sharing" }>): string {
  switch (status.kind) {
    case "stands-aside":
      return t(STANDS_ASIDE[status.reason]);
    case "not-website":
      return t("statusNotWebsite");
    case "site-off":
      return t("statusSiteOff");
    case "loading":
      return t("statusLoading");
    case "waiting":
      return t("statusWaiting");
    case "peers-off":
      return t("statusPeersOff");
  }
}

/** The sentences for sharing: with whom, whose video (an embedded player's), what goes out. */
function sharingLine(status: Extract<TabStatus, { kind: "sharing" }>): string {
  const sentences = [sharingText(status.peers, status.savedBytes)];
  if (status.frames.length > 0) {
    const hosts = status.frames.map((frame) => new URL(frame).host);
    sentences.push(t("statusEmbedded", hosts.join(", ")));
  }
  if (status.notUploading !== undefined) {
    sentences.push(
      t(status.notUploading === "metered" ? "statusUploadsPaused" : "statusDownloadOnly"),
    );
  }
  return sentences.join(" ");
}

/** One line: what the extension does on this tab right now. */
export function StatusLine({ status }: { status: TabStatus }) {
  const text = status.kind === "sharing" ? sharingLine(status) : statusText(status);
  const tone = status.kind === "sharing" ? "on" : status.kind === "waiting" ? "waiting" : "off";
  return (
    // No live region: it changes every second while sharing.
    <p className={`status-line ${tone}`} data-status={status.kind}>
      <span className="dot" aria-hidden="true" />
      {text}
    </p>
  );
}
