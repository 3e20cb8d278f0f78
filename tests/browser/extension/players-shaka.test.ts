/**
 * Shaka Player on an ffmpeg DASH stream (SegmentTemplate + SegmentTimeline, `$Number$`, H.264 and
 * AAC in separate AdaptationSets) with the extension, three viewers a few seconds apart; Shaka's
 * networking engine is tapped with a response filter, at 1x. Later viewers measure 65-75% from
 * peers (the page fetches its first segments itself while the engine starts) and are held to half.
 */
import { makeDashVod } from "../../../harness/streams";
import { describePlayerSwarm } from "../support/player-swarm";

describePlayerSwarm({
  title: "Shaka Player (DASH) pages with the extension",
  makeStream: () =>
    makeDashVod({
      addressing: "number",
      seconds: 24,
      segmentSeconds: 2,
      bitrate: "1200k",
      size: "854x480",
    }),
  manifest: "manifest.mpd",
  page: "/shaka.html",
  play: (page, url) => page.evaluate((manifest) => window.__players.shaka(manifest, 60_000), url),
  // Severity 2 is CRITICAL; Shaka reports recoverable problems with severity 1.
  isFatal: (error) => error.startsWith("shaka:load:") || error.split(":")[1] === "2",
});
