/**
 * dash.js on an ffmpeg DASH stream (SegmentTemplate + SegmentTimeline, `$Time$`, H.264 and AAC
 * in separate AdaptationSets) with the extension, three viewers a few seconds apart; dash.js's
 * loader is tapped with a response interceptor, at 1x. Later viewers measure ~75% from peers (the
 * page fetches its first segments itself while the engine starts) and are held to half.
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
