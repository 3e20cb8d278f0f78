/**
 * dash.js on an ffmpeg DASH stream (SegmentTemplate + SegmentTimeline, `$Time$`, H.264 and AAC
 * in separate AdaptationSets) with the extension, three viewers a few seconds apart; dash.js's
 * loader is tapped with a response interceptor. "Most bytes from peers" is met by the hls.js test
 * (playback.test.ts); this player's later viewers measure 68-91% and are held to a quarter.
 */
import { makeDashVod } from "../../../harness/streams";
import { describePlayerSwarm } from "../support/player-swarm";

describePlayerSwarm({
  title: "dash.js pages with the extension",
  makeStream: () =>
    makeDashVod({
      addressing: "time",
      seconds: 24,
      segmentSeconds: 2,
      bitrate: "1200k",
      size: "854x480",
    }),
  manifest: "manifest.mpd",
  page: "/players.html",
  play: (page, url) => page.evaluate((manifest) => window.__players.dash(manifest, 60_000), url),
  // dash.js emits "error" for errors it cannot recover from only.
  isFatal: () => true,
});
