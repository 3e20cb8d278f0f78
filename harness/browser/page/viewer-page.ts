/**
 * Browser side of the swarm's viewer pages (/watch-<player>.html, after the player's dist file):
 * `window.__viewer.play(player, url, caption)` plays a stream the way a site would, muted, at
 * normal speed, with hls.js, Shaka Player, dash.js or video.js (VHS), and keeps the errors each
 * player calls fatal. Nothing here knows about P2P: with the extension its page hook is what
 * changes where the bytes come from. The playback probe (playback-probe.ts) does the measuring;
 * this page adds one count the probe cannot make: the segment bytes the player received, through
 * each player's own response hook (hls.js FRAG_LOADED's stats, dash.js's response interceptor, Shaka's
 * response filter, VHS's onResponse), wherever they came from (the network, or the extension).
 */
import type { PlayerName } from "../players";
import "./player-globals";

const errors: string[] = [];
let receivedBytes = 0;

/**
 * Counts a segment body the player received (an ArrayBuffer or a view of one). By its
 * byteLength, not instanceof: a body the extension's hook made may come from another realm.
 */
function received(data: unknown): void {
  const length: unknown =
    typeof data === "object" && data !== null ? Reflect.get(data, "byteLength") : undefined;
  if (typeof length === "number") receivedBytes += length;
}

function newVideo(caption: string): HTMLVideoElement {
  const label = document.getElementById("caption");
  if (label) label.textContent = caption;
  const video = document.createElement("video");
  video.muted = true;
  video.autoplay = true;
  video.controls = true;
  document.body.append(video);
  return video;
}

function playHls(video: HTMLVideoElement, url: string): void {
  const Hls = window.Hls;
  const hls = new Hls({});
  hls.on(Hls.Events.ERROR ?? "hlsError", (_event, data) => {
    if (data.fatal !== true) return;
    errors.push(`hls:${data.type ?? ""}:${data.details ?? ""}:${data.error?.message ?? ""}`);
  });
  // hls.js's own count: by the time a listener runs, the payload may be transferred to its worker.
  hls.on(Hls.Events.FRAG_LOADED ?? "hlsFragLoaded", (_event, data) => {
    receivedBytes += data.frag?.stats?.loaded ?? 0;
  });
  hls.loadSource(url);
  hls.attachMedia(video);
}

function playDash(video: HTMLVideoElement, url: string): void {
  const player = window.dashjs.MediaPlayer().create();
  player.on("error", (event) => {
    errors.push(`dash:${String(event.error?.code)}:${event.error?.message ?? ""}`);
  });
  player.addResponseInterceptor((response) => {
    const type = response.request.customData?.request?.type ?? "";
    const aborted = response.status === undefined || response.status === 0;
    if ((type === "MediaSegment" || type === "InitializationSegment") && !aborted) {
      received(response.data);
    }
    return Promise.resolve(response);
  });
  player.initialize(video, url, true);
}

async function playShaka(video: HTMLVideoElement, url: string): Promise<void> {
  const shaka = window.shaka;
  shaka.polyfill.installAll();
  const player = new shaka.Player();
  player.addEventListener("error", (event) => {
    // Severity 2 is CRITICAL; 1 is recoverable.
    if (event.detail?.severity === 2) errors.push(`shaka:${String(event.detail.code)}`);
  });
  player.getNetworkingEngine()?.registerResponseFilter((type, response) => {
    if (type === shaka.net.NetworkingEngine.RequestType.SEGMENT) received(response.data);
  });
  await player.attach(video);
  try {
    await player.load(url);
  } catch (error) {
    errors.push(`shaka:load:${String((error as { code?: number }).code)}`);
  }
}

function playVideoJs(video: HTMLVideoElement, url: string): void {
  window.videojs.Vhs.xhr.onResponse((request, error) => {
    const type = request.requestType ?? "";
    if (error !== null && error !== undefined) return;
    if (type === "segment" || type === "segment-media-initialization") received(request.response);
  });
  const player = window.videojs(video, {
    autoplay: true,
    muted: true,
    html5: { vhs: { overrideNative: true }, nativeAudioTracks: false, nativeVideoTracks: false },
  });
  player.on("error", () => {
    const error = player.error();
    errors.push(`videojs:${String(error?.code)}:${error?.message ?? ""}`);
  });
  player.src({ src: url, type: "application/x-mpegURL" });
  void player.play()?.catch(() => undefined);
}

const viewer = {
  /** Starts playing `url` with `player`; resolves once the player has the source. */
  async play(player: PlayerName, url: string, caption: string): Promise<void> {
    const video = newVideo(caption);
    switch (player) {
      case "hls":
        playHls(video, url);
        break;
      case "dashjs":
        playDash(video, url);
        break;
      case "shaka":
        await playShaka(video, url);
        break;
      case "videojs":
        playVideoJs(video, url);
        break;
    }
  },
  /** Segment bytes (init and media) the player received so far, from any source. */
  receivedBytes(): number {
    return receivedBytes;
  },
  /** Errors the player called fatal. */
  errors(): string[] {
    return [...errors];
  },
};

declare global {
  interface Window {
    __viewer: typeof viewer;
  }
}
window.__viewer = viewer;
