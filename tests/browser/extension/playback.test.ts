/**
 * The product path, end to end: three Chromium profiles with the extension (enabled for the test
 * site) open a page that plays an ffmpeg HLS stream with hls.js, a few seconds apart. The page
 * hook finds the stream in the page's own traffic, the offscreen engines share segments over
 * real WebRTC through a local tracker, every segment hls.js received equals the origin's, and the
 * later viewers get most of their bytes from peers (82% measured).
 */
import { makeHlsVod } from "../../../harness/streams";
import { describePlayerSwarm } from "../support/player-swarm";

describePlayerSwarm({
  title: "hls.js pages with the extension",
  makeStream: () =>
    makeHlsVod({ seconds: 24, segmentSeconds: 2, bitrate: "1200k", size: "854x480" }),
  manifest: "index.m3u8",
  page: "/players.html",
  play: (page, url) =>
    page.evaluate((manifest) => window.__players.hls(manifest, false, 60_000), url),
  // hls.js reports stalls as non-fatal errors (type:details:fatal:message); none may be fatal.
  isFatal: (error) => error.split(":")[2] !== "false",
  joinGapMs: 3000,
  minPeerShare: 0.5,
  maxOriginShare: 0.6,
});
