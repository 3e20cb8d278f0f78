/**
 * HLS encrypted with AES-128 whose segments keep their `.ts` names (ffmpeg's
 * -hls_key_info_file), in hls.js with the extension, three viewers a few seconds apart. Peers'
 * bytes are ciphertext: the engine must check them as such (the page marks the segments
 * encrypted), not as MPEG-TS by the URL, which banned every honest peer and left 0% from peers.
 * The key is the player's alone: it is fetched as often with the extension as without, so the
 * engine and peers never fetch or carry it.
 */
import { AES_KEY_FILE, makeHlsAesVod } from "../../../harness/streams";
import { describePlayerSwarm, HLS_JS_CASE } from "../support/player-swarm";

describePlayerSwarm({
  title: "hls.js pages with AES-128 HLS (.ts segment names) and the extension",
  makeStream: () =>
    makeHlsAesVod({ seconds: 24, segmentSeconds: 2, bitrate: "1200k", size: "854x480" }),
  ...HLS_JS_CASE,
  playerOnly: [AES_KEY_FILE],
});
