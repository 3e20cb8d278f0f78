/**
 * A multivariant playlist that also lists an I-frame playlist (#EXT-X-I-FRAME-STREAM-INF, byte
 * ranges into the same MPEG-TS files, as packagers write them for trick play), in hls.js with
 * the extension, three viewers a few seconds apart: the I-frame stream passes through (no stall,
 * every segment intact) and the media playlist's segments are shared as without it.
 */
import { cp, writeFile } from "node:fs/promises";
import { makeHlsVod } from "../../../harness/streams";
import { describePlayerSwarm, HLS_JS_CASE } from "../support/player-swarm";

/** The 24 s VOD copied with master.m3u8 (its one variant and an I-frame stream). */
async function withIFramePlaylist() {
  const vod = await makeHlsVod({
    seconds: 24,
    segmentSeconds: 2,
    bitrate: "1200k",
    size: "854x480",
  });
  const dir = `${vod.dir}-iframes`;
  await cp(vod.dir, dir, { recursive: true });
  await writeFile(
    `${dir}/master.m3u8`,
    [
      "#EXTM3U",
      "#EXT-X-VERSION:4",
      "#EXT-X-STREAM-INF:BANDWIDTH=1400000,RESOLUTION=854x480",
      "index.m3u8",
      '#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=200000,RESOLUTION=854x480,URI="iframes.m3u8"',
      "",
    ].join("\n"),
  );
  // Each segment's first 200 TS packets stand for its key frame (the playlist's shape is what
  // matters: nothing here plays it).
  await writeFile(
    `${dir}/iframes.m3u8`,
    [
      "#EXTM3U",
      "#EXT-X-VERSION:4",
      "#EXT-X-TARGETDURATION:2",
      "#EXT-X-PLAYLIST-TYPE:VOD",
      "#EXT-X-I-FRAMES-ONLY",
      ...vod.segments.flatMap((segment) => [
        `#EXTINF:${segment.duration.toFixed(3)},`,
        `#EXT-X-BYTERANGE:${String(Math.min(segment.bytes, 188 * 200))}@0`,
        segment.uri,
      ]),
      "#EXT-X-ENDLIST",
      "",
    ].join("\n"),
  );
  return { dir, segments: vod.segments };
}

describePlayerSwarm({
  title: "hls.js pages with an I-frame playlist in the master, and the extension",
  makeStream: withIFramePlaylist,
  ...HLS_JS_CASE,
  manifest: "master.m3u8",
});
