import { formatBytes } from "../format";
import type { TabStatus } from "./tab-status";

/** This component's own words. */
const TEXT = {
  "not-website": "This tab is not a website: there is nothing to share here.",
  "site-off": "Sharing is off for this site: video here comes only from the site.",
  loading: "Checking this tab…",
  waiting: "On: waiting for a video to play on this tab.",
  "peers-off": "Exchange with viewers is off: video comes only from the site.",
  sharing: (peers: number, saved: number) =>
    peers === 0
      ? `On: no other viewers of this video yet${saved > 0 ? `; saved ${formatBytes(saved)} from peers so far` : ""}.`
      : `Sharing with ${String(peers)} viewer${peers === 1 ? "" : "s"}; saved ${formatBytes(saved)} from peers.`,
  notUploading: {
    "download-only": " Download only: nothing is uploaded to them.",
    metered: " Not uploading to them: the connection is metered.",
  },
} as const;

/** One line: what the extension does on this tab right now. */
export function StatusLine({ status }: { status: TabStatus }) {
  const text =
    status.kind === "sharing"
      ? TEXT.sharing(status.peers, status.savedBytes) +
        (status.notUploading === undefined ? "" : TEXT.notUploading[status.notUploading])
      : TEXT[status.kind];
  const tone = status.kind === "sharing" ? "on" : status.kind === "waiting" ? "waiting" : "off";
  return (
    // No live region: it changes every second while sharing.
    <p className={`status-line ${tone}`} data-status={status.kind}>
      <span className="dot" aria-hidden="true" />
      {text}
    </p>
  );
}
