/**
 * The origin of the extension's player tests: the support origin with the player drivers
 * (intercept-players.ts) and no hook of its own (/hook.js is empty: the extension's runs), serving
 * `streams` (name -> folder) under /streams/<name>/, and a local tracker.
 */
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import { bundle } from "./intercept-browser";
import { startOrigin, type Origin } from "./intercept-server";

/** The short VOD the Firefox tests play: 24 s in 2 s segments, 1.2 Mbit/s, 854x480. */
export const SHORT_VOD = { seconds: 24, segmentSeconds: 2, bitrate: "1200k", size: "854x480" };

export interface PlayersSite {
  origin: Origin;
  tracker: LocalTracker;
  close(): Promise<void>;
}

export async function startPlayersSite(streams: Record<string, string>): Promise<PlayersSite> {
  const origin = await startOrigin({
    bundles: { "/hook.js": "", "/players.js": await bundle("intercept-players.ts") },
    streams,
  });
  const tracker = await startTracker();
  return {
    origin,
    tracker,
    close: async () => {
      await origin.close();
      await tracker.close();
    },
  };
}
