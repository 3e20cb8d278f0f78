/**
 * Browser side of the player tests (loaded by /players.html, /shaka.html or /videojs.html after
 * the hook and the players' dist files): plays a stream with hls.js, dash.js, Shaka Player or
 * video.js (VHS) to its end and reports every error and the hash of every segment the player
 * received, taken where each player's own loader hands the bytes over.
 */
import type {
  HlsCallbacks,
  HlsLoader,
  ShakaError,
} from "../../../harness/browser/page/player-globals";

export interface PlayResult {
  ended: boolean;
  duration: number;
  currentTime: number;
  errors: string[];
  /**
   * Each segment the player got, as it got it (url, length, sha256); for hls.js also when its
   * loader started (page clock, ms) and how long it took until the bytes were handed over.
   */
  segments: { url: string; length: number; sha256: string; startedAt?: number; ms?: number }[];
  /** After the first frame: `waiting` until `playing` again (not within 0.5 s of the end). */
  stalls: number;
  stallMs: number;
}

declare global {
  interface Window {
    __players: typeof players;
  }
}

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A muted video that plays fast; resolves when it ends or `limitMs` passes. */
function playToEnd(
  video: HTMLVideoElement,
  limitMs: number,
  pending: Promise<unknown>[],
  result: PlayResult,
): Promise<PlayResult> {
  return new Promise((resolve) => {
    const done = () => {
      result.ended = video.ended;
      result.duration = video.duration;
      result.currentTime = video.currentTime;
      void Promise.all(pending).then(() => {
        resolve(result);
      });
    };
    watchStalls(video, result);
    video.addEventListener("ended", done, { once: true });
    video.addEventListener("error", () => {
      result.errors.push(`video:${String(video.error?.code)}:${video.error?.message ?? ""}`);
    });
    setTimeout(done, limitMs);
  });
}

/**
 * The playback rate once the video can play: 4x keeps the interception tests short; the
 * extension's swarm tests play at 1x (setPlaybackRate), as a viewer does, because the share a
 * later viewer gets from peers depends on how fast the player asks compared with how fast peers
 * connect.
 */
let playbackRate = 4;

/** Counts stalls the way the swarm's playback probe does (harness/browser/page/playback-probe.ts). */
function watchStalls(video: HTMLVideoElement, result: PlayResult): void {
  let playing = false;
  let since: number | undefined;
  const close = () => {
    if (since !== undefined) result.stallMs += performance.now() - since;
    since = undefined;
  };
  video.addEventListener("playing", () => {
    playing = true;
    close();
  });
  video.addEventListener("waiting", () => {
    if (!playing || since !== undefined || video.duration - video.currentTime < 0.5) return;
    since = performance.now();
    result.stalls++;
  });
  video.addEventListener("ended", close);
}

function newVideo(): HTMLVideoElement {
  const video = document.createElement("video");
  video.muted = true;
  video.autoplay = true;
  video.addEventListener("canplay", () => {
    video.playbackRate = playbackRate;
  });
  document.body.append(video);
  return video;
}

/**
 * hls.js's fragment loader with a tap: it copies the bytes the loader hands to hls.js (progress
 * chunks in progressive mode, else the complete response) before hls.js transfers them to its
 * transmuxer worker.
 */
function tappedLoader(
  Base: HlsLoader,
  onBytes: (url: string, bytes: ArrayBuffer, timing: { startedAt: number; ms: number }) => void,
): HlsLoader {
  return class extends Base {
    override load(context: { url: string }, config: unknown, callbacks: HlsCallbacks): void {
      const chunks: Uint8Array[] = [];
      const startedAt = performance.now();
      const timing = () => ({ startedAt, ms: performance.now() - startedAt });
      const onProgress = callbacks.onProgress;
      super.load(context, config, {
        ...callbacks,
        ...(onProgress === undefined
          ? {}
          : {
              onProgress: (stats: unknown, ctx: unknown, data: unknown, ...rest: unknown[]) => {
                if (data instanceof ArrayBuffer) chunks.push(new Uint8Array(data.slice(0)));
                onProgress(stats, ctx, data, ...rest);
              },
            }),
        onSuccess: (response, ...rest) => {
          const data = response.data;
          if (data instanceof ArrayBuffer && data.byteLength > 0) {
            onBytes(context.url, data.slice(0), timing());
          } else {
            const whole = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
            let offset = 0;
            for (const chunk of chunks) {
              whole.set(chunk, offset);
              offset += chunk.byteLength;
            }
            onBytes(context.url, whole.buffer, timing());
          }
          callbacks.onSuccess(response, ...rest);
        },
      });
    }
  };
}

function record(
  result: PlayResult,
  pending: Promise<unknown>[],
  url: string,
  payload: unknown,
  timing?: { startedAt: number; ms: number },
) {
  if (!(payload instanceof ArrayBuffer)) {
    result.errors.push(`no payload for ${url}`);
    return;
  }
  const copy = payload.slice(0);
  pending.push(
    sha256(copy).then((hash) => {
      result.segments.push({ url, length: copy.byteLength, sha256: hash, ...timing });
    }),
  );
}

const emptyResult = (): PlayResult => ({
  ended: false,
  duration: 0,
  currentTime: 0,
  errors: [],
  segments: [],
  stalls: 0,
  stallMs: 0,
});

const players = {
  setPlaybackRate(rate: number): void {
    playbackRate = rate;
  },
  /**
   * hls.js with its default XHR loader, or with its fetch loader (progressive mode); with
   * `bufferSeconds`, it buffers that far ahead (default 30 s); `config`, more of hls.js's
   * settings (e.g. a live player's `liveSyncDuration`).
   */
  hls(
    url: string,
    useFetch: boolean,
    limitMs: number,
    bufferSeconds?: number,
    config: Record<string, unknown> = {},
  ): Promise<PlayResult> {
    const result = emptyResult();
    const pending: Promise<unknown>[] = [];
    const video = newVideo();
    const Hls = window.Hls;
    const buffer =
      bufferSeconds === undefined
        ? {}
        : { maxBufferLength: bufferSeconds, maxMaxBufferLength: bufferSeconds };
    const hls = new Hls({ ...(useFetch ? { progressive: true } : {}), ...buffer, ...config });
    hls.on(Hls.Events.ERROR ?? "hlsError", (_event, data) => {
      const message = data.error?.message ?? "";
      result.errors.push(
        `${data.type ?? ""}:${data.details ?? ""}:${String(data.fatal)}:${message}`,
      );
    });
    hls.config.fLoader = tappedLoader(hls.config.loader, (fragmentUrl, bytes, timing) => {
      record(result, pending, fragmentUrl, bytes, timing);
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    return playToEnd(video, limitMs, pending, result);
  },
  /**
   * dash.js with its default loader; a response interceptor copies every init and media segment
   * as dash.js receives it.
   */
  dash(url: string, limitMs: number): Promise<PlayResult> {
    const result = emptyResult();
    const pending: Promise<unknown>[] = [];
    const video = newVideo();
    const player = window.dashjs.MediaPlayer().create();
    player.on("error", (event) => {
      result.errors.push(`dash:${String(event.error?.code)}:${event.error?.message ?? ""}`);
    });
    player.addResponseInterceptor((response) => {
      const type = response.request.customData?.request?.type ?? "";
      const aborted = response.status === undefined || response.status === 0;
      if ((type === "MediaSegment" || type === "InitializationSegment") && !aborted) {
        record(result, pending, response.request.url, response.data);
      }
      return Promise.resolve(response);
    });
    player.initialize(video, url, true);
    return playToEnd(video, limitMs, pending, result);
  },
  /**
   * Shaka Player (fetch) with a response filter that copies every segment (init and media) as
   * Shaka's networking engine hands it on. Errors are `shaka:<severity>:<code>`; severity 2 is
   * CRITICAL (fatal).
   */
  async shaka(url: string, limitMs: number): Promise<PlayResult> {
    const result = emptyResult();
    const pending: Promise<unknown>[] = [];
    const video = newVideo();
    const shaka = window.shaka;
    shaka.polyfill.installAll();
    const player = new shaka.Player();
    player.addEventListener("error", (event) => {
      const error = event.detail;
      result.errors.push(
        `shaka:${String(error?.severity)}:${String(error?.code)}:${String(error?.category)}`,
      );
    });
    player.getNetworkingEngine()?.registerResponseFilter((type, response) => {
      if (type !== shaka.net.NetworkingEngine.RequestType.SEGMENT) return;
      const data = response.data;
      const bytes =
        data instanceof ArrayBuffer
          ? data.slice(0)
          : new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
      record(result, pending, response.uri, bytes);
    });
    await player.attach(video);
    const ended = playToEnd(video, limitMs, pending, result);
    try {
      await player.load(url);
    } catch (error) {
      const detail = error as ShakaError;
      result.errors.push(`shaka:load:${String(detail.severity)}:${String(detail.code)}`);
    }
    return ended;
  },
  /**
   * video.js with VHS (its own MSE playback, not the browser's native HLS) and an onResponse
   * hook that copies the body of every segment request as VHS receives it.
   */
  videojs(url: string, limitMs: number): Promise<PlayResult> {
    const result = emptyResult();
    const pending: Promise<unknown>[] = [];
    const video = newVideo();
    const videojs = window.videojs;
    videojs.Vhs.xhr.onResponse((request, error) => {
      const type = request.requestType ?? "";
      if (error !== null && error !== undefined) {
        result.errors.push(`vhs-xhr:${type}:${request.uri ?? ""}`);
        return;
      }
      if (type === "segment" || type === "segment-media-initialization") {
        record(result, pending, request.uri ?? "", request.response);
      }
    });
    const player = videojs(video, {
      autoplay: true,
      muted: true,
      html5: { vhs: { overrideNative: true }, nativeAudioTracks: false, nativeVideoTracks: false },
    });
    player.on("error", () => {
      const error = player.error();
      result.errors.push(`videojs:${String(error?.code)}:${error?.message ?? ""}`);
    });
    player.src({ src: url, type: "application/x-mpegURL" });
    void player.play()?.catch(() => undefined);
    return playToEnd(video, limitMs, pending, result);
  },
};

window.__players = players;
