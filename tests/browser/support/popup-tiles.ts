/**
 * What the popup's stat tiles must show for a tab's engine counters (ui/popup), for the tests
 * that compare the two in Chromium and in Firefox.
 */
import type { TabStats } from "../../../messaging/engine-to-background";
import { formatBytes } from "../../../ui/format";

export function expectedTiles(stats: TabStats): Record<string, string> {
  const total = stats.httpBytes + stats.p2pBytes;
  return {
    peers: String(stats.peers),
    http: formatBytes(stats.httpBytes),
    p2p: formatBytes(stats.p2pBytes),
    uploaded: formatBytes(stats.uploadedBytes),
    share: total === 0 ? "–" : `${String(Math.round((100 * stats.p2pBytes) / total))}%`,
  };
}
