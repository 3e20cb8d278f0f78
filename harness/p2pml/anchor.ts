/**
 * The benchmark's anchor, in the page (bundled by harness/p2pml/page.ts): hls.js with P2P Media
 * Loader 2.3.1 the documented 2.x way (`HlsJsP2PEngine.injectMixin(Hls)` and a `p2p.core`
 * config), announcing to the given local tracker with no STUN/TURN servers (P2PML's defaults are
 * public trackers and Google/Twilio STUN; both are replaced, so it never reaches the internet).
 * Exposes `window.__p2pml` (harness/p2pml/types.ts).
 *
 * hls.js is its ES module build, as `import Hls from "hls.js"` gives every bundler and as P2PML's
 * own demo uses it: that build transmuxes on the main thread (no `workerPath`). With the UMD
 * build (/vendor/hls.js, worker on) P2PML 2.3.1 breaks: hls.js transfers each segment's
 * ArrayBuffer to its worker, and P2PML hands hls.js the very buffer it keeps in its segment
 * storage, so a stored segment is detached once played; peers then receive empty segments
 * ("Found no media", playback stuck) and re-reads throw "ArrayBuffer ... is already detached".
 *
 * P2PML needs no `crypto.subtle` (its SHA-1 is its own; the tracker client only uses
 * `crypto.getRandomValues`), so the page need not be a secure context.
 */
import Hls from "hls.js";
import { HlsJsP2PEngine } from "p2p-media-loader-hlsjs";
import { watchMedia } from "./media-watch";
import type { AnchorApi, AnchorConfig, AnchorPlayResult, AnchorStats } from "./types";

const HlsWithP2P = HlsJsP2PEngine.injectMixin(Hls);
type AnchorHls = InstanceType<typeof HlsWithP2P>;

const counters: AnchorStats = { httpBytes: 0, p2pBytes: 0, uploadedBytes: 0, peers: 0 };
const connected = new Set<string>();
let hls: AnchorHls | undefined;
let video: HTMLVideoElement | undefined;

function count(engine: HlsJsP2PEngine): void {
  engine.addEventListener("onChunkDownloaded", (bytes, source) => {
    if (source === "p2p") counters.p2pBytes += bytes;
    else counters.httpBytes += bytes;
  });
  engine.addEventListener("onChunkUploaded", (bytes) => {
    counters.uploadedBytes += bytes;
  });
  engine.addEventListener("onPeerConnect", ({ peerId, streamType }) => {
    connected.add(`${streamType}:${peerId}`);
  });
  engine.addEventListener("onPeerClose", ({ peerId, streamType }) => {
    connected.delete(`${streamType}:${peerId}`);
  });
}

function newVideo(playbackRate: number): HTMLVideoElement {
  const element = document.createElement("video");
  element.muted = true;
  element.autoplay = true;
  element.playsInline = true;
  element.addEventListener("canplay", () => {
    element.playbackRate = playbackRate;
  });
  document.body.append(element);
  return element;
}

const api: AnchorApi = {
  play(manifestUrl, options) {
    if (hls !== undefined) return Promise.reject(new Error("__p2pml.play runs once per page"));
    const startedAt = performance.now();
    const media = newVideo(options.playbackRate ?? 1);
    video = media;
    const timing = watchMedia(media, startedAt);
    const errors: string[] = [];
    const player = new HlsWithP2P({
      p2p: {
        core: {
          announceTrackers: [options.trackerUrl],
          rtcConfig: { iceServers: [] },
          ...(options.swarmId === undefined ? {} : { swarmId: options.swarmId }),
        },
      },
    });
    hls = player;
    count(player.p2pEngine);
    player.on(Hls.Events.ERROR, (_event, data) => {
      errors.push(`${data.type}:${data.details}:${String(data.fatal)}:${data.error.message}`);
    });
    media.addEventListener("error", () => {
      errors.push(`video:${String(media.error?.code)}:${media.error?.message ?? ""}`);
    });
    return new Promise<AnchorPlayResult>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve({
          ended: media.ended,
          duration: media.duration,
          currentTime: media.currentTime,
          errors: [...errors],
          ...timing.report(),
        });
      };
      const timer = setTimeout(done, options.timeoutMs);
      media.addEventListener("ended", done, { once: true });
      player.loadSource(manifestUrl);
      player.attachMedia(media);
    });
  },
  stats: () => ({ ...counters, peers: connected.size }),
  config(): AnchorConfig | undefined {
    if (hls === undefined) return undefined;
    const core = hls.p2pEngine.getConfig().core.mainStream;
    return {
      announceTrackers: [...core.announceTrackers],
      iceServers: [...(core.rtcConfig.iceServers ?? [])],
      swarmId: core.swarmId,
    };
  },
  destroy() {
    hls?.destroy();
    video?.remove();
  },
};

window.__p2pml = api;
