/**
 * Browser side of the position tests (after the hook and the players' dist files): starts
 * hls.js, Shaka Player or dash.js with a small buffer goal (so a seek to the middle lands outside
 * the buffer), and puts a gate in front of each player's segment requests: while it is closed, a
 * segment request waits inside the player (hls.js: its fragment loader; Shaka: a request filter;
 * dash.js: a request interceptor) and the page hook does not see it. That is how a test knows the
 * hook's queue moved on a seek by itself, with no request to learn it from.
 */
import type { HlsLoader } from "../../../harness/browser/page/player-globals.js";
import type { PlayerState, PositionPlayer } from "./position-types.js";

/** Seconds of media the players buffer ahead: well under half of the test streams. */
const BUFFER_GOAL = 4;

const errors: string[] = [];
let open = true;
const waiting = new Set<() => void>();
const video = document.createElement("video");
video.muted = true;

/** Resolves when the gate is open (at once if it is). */
function gate(): Promise<void> {
  if (open) return Promise.resolve();
  return new Promise((resolve) => waiting.add(resolve));
}

function setGate(closed: boolean): void {
  open = !closed;
  if (!open) return;
  for (const release of [...waiting]) {
    waiting.delete(release);
    release();
  }
}

/** hls.js's loader, holding each load until the gate opens (an abort meanwhile drops it). */
function gatedLoader(Base: HlsLoader): HlsLoader {
  return class extends Base {
    private aborted = false;
    override load(...args: Parameters<InstanceType<HlsLoader>["load"]>): void {
      this.aborted = false;
      void gate().then(() => {
        if (!this.aborted) super.load(...args);
      });
    }
    abort(): void {
      this.aborted = true;
      const base = Base.prototype as { abort?: (this: unknown) => void };
      base.abort?.call(this);
    }
  };
}

function startHls(url: string): void {
  const Hls = window.Hls;
  const hls = new Hls({ maxBufferLength: BUFFER_GOAL, maxMaxBufferLength: BUFFER_GOAL });
  hls.config.fLoader = gatedLoader(hls.config.loader);
  hls.on(Hls.Events.ERROR ?? "hlsError", (_event, data) => {
    if (data.fatal === true) errors.push(`hls:${data.details ?? ""}`);
  });
  hls.loadSource(url);
  hls.attachMedia(video);
}

async function startShaka(url: string): Promise<void> {
  const shaka = window.shaka;
  shaka.polyfill.installAll();
  const player = new shaka.Player();
  player.configure({ streaming: { bufferingGoal: BUFFER_GOAL, rebufferingGoal: 1 } });
  player.addEventListener("error", (event) => {
    if (event.detail?.severity === 2) errors.push(`shaka:${String(event.detail.code)}`);
  });
  const SEGMENT = shaka.net.NetworkingEngine.RequestType.SEGMENT;
  player
    .getNetworkingEngine()
    ?.registerRequestFilter((type) => (type === SEGMENT ? gate() : undefined));
  await player.attach(video);
  await player.load(url);
}

function startDash(url: string): void {
  const player = window.dashjs.MediaPlayer().create();
  player.updateSettings({
    streaming: {
      buffer: {
        bufferTimeDefault: BUFFER_GOAL,
        bufferTimeAtTopQuality: BUFFER_GOAL,
        bufferTimeAtTopQualityLongForm: BUFFER_GOAL,
      },
    },
  });
  player.on("error", (event) => {
    errors.push(`dash:${String(event.error?.code)}`);
  });
  player.addRequestInterceptor((request) => gate().then(() => request));
  player.initialize(video, url, true);
}

/** Sets ClearKey MediaKeys on the element, as a DRM page does before it loads its stream. */
async function useEme(): Promise<void> {
  const access = await navigator.requestMediaKeySystemAccess("org.w3.clearkey", [
    {
      initDataTypes: ["cenc"],
      videoCapabilities: [{ contentType: 'video/mp4; codecs="avc1.42E01E"' }],
    },
  ]);
  await video.setMediaKeys(await access.createMediaKeys());
}

const players = {
  /** Starts `player` on `url`; resolves once the video plays. */
  async start(player: PositionPlayer, url: string, options: { eme?: boolean; rate?: number }) {
    document.body.append(video);
    if (options.eme === true) await useEme();
    const playing = new Promise<void>((resolve) => {
      video.addEventListener("playing", () => {
        resolve();
      });
    });
    video.addEventListener("canplay", () => {
      video.playbackRate = options.rate ?? 1;
      void video.play().catch(() => undefined);
    });
    if (player === "hls") startHls(url);
    else if (player === "shaka") await startShaka(url);
    else startDash(url);
    await playing;
  },
  gate: setGate,
  seek(time: number): void {
    video.currentTime = time;
  },
  state(): PlayerState {
    const buffered: [number, number][] = [];
    for (let index = 0; index < video.buffered.length; index++) {
      buffered.push([video.buffered.start(index), video.buffered.end(index)]);
    }
    return {
      currentTime: video.currentTime,
      paused: video.paused,
      buffered,
      errors,
      held: waiting.size,
    };
  },
};

declare global {
  interface Window {
    __pplayers: typeof players;
  }
}

window.__pplayers = players;
