/**
 * The players a swarm viewer can use, and which stream each plays: hls.js and video.js (VHS)
 * play HLS; Shaka Player and dash.js play the DASH copy of the same content for VOD. Live is an
 * HLS sliding window (live-window.ts), so live runs with the HLS-capable players only: hls.js,
 * video.js and Shaka Player (which plays HLS too); dash.js runs VOD only.
 */
export const PLAYERS = ["hls", "shaka", "dashjs", "videojs"] as const;
export type PlayerName = (typeof PLAYERS)[number];

export type StreamKind = "hls-vod" | "hls-live" | "dash-vod";

/** The stream `player` plays; throws for a combination that is not offered (dash.js live). */
export function streamKindFor(player: PlayerName, live: boolean): StreamKind {
  if (live) {
    if (player === "dashjs") {
      throw new Error("live runs use an HLS sliding window: dash.js plays VOD only here");
    }
    return "hls-live";
  }
  return player === "shaka" || player === "dashjs" ? "dash-vod" : "hls-vod";
}

export function isPlayerName(value: string): value is PlayerName {
  return (PLAYERS as readonly string[]).includes(value);
}
