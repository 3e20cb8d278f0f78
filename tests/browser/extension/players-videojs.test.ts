/**
 * video.js (VHS, its own MSE playback) on an ffmpeg HLS stream (H.264/AAC in MPEG-TS) with the
 * extension, three viewers a few seconds apart; VHS's xhr onResponse hook taps what it received.
 * Later viewers measure ~75% from peers at 1x (the page fetches its first segments itself while
 * the engine starts) and are held to half.
 */
import { makeHlsVod } from "../../../harness/streams";
import { describePlayerSwarm } from "../support/player-swarm";

describePlayerSwarm({
  title: "video.js (VHS) pages with the extension",
  makeStream: () =>
    makeHlsVod({ seconds: 24, segmentSeconds: 2, bitrate: "1200k", size: "854x480" }),
  manifest: "index.m3u8",
  page: "/videojs.html",
  play: (page, url) => page.evaluate((manifest) => window.__players.videojs(manifest, 60_000), url),
  // Every video.js "error" event is one the player stopped on; failed requests VHS retried are
  // listed too (vhs-xhr:...) and count as fatal here as well: none is expected.
  isFatal: () => true,
});
