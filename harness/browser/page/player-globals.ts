/**
 * The page-facing APIs of the players that test and demo pages load from /vendor/ (hls.js,
 * dash.js, Shaka Player, video.js with VHS): only the parts the page scripts use, and the
 * globals the players' dist files define.
 */

export interface HlsData {
  /** `stats.loaded`: the bytes hls.js received for the fragment. */
  frag?: { url: string; sn: number | string; stats?: { loaded?: number } };
  payload?: ArrayBuffer;
  type?: string;
  details?: string;
  fatal?: boolean;
  error?: Error;
}
export interface HlsCallbacks {
  onSuccess: (response: { data?: unknown }, ...rest: unknown[]) => void;
  onProgress?: (stats: unknown, context: unknown, data: unknown, ...rest: unknown[]) => void;
}
export type HlsLoader = new (config: unknown) => {
  load(context: { url: string }, config: unknown, callbacks: HlsCallbacks): void;
};
export interface HlsInstance {
  config: { loader: HlsLoader; fLoader?: HlsLoader };
  on(event: string, listener: (event: string, data: HlsData) => void): void;
  loadSource(url: string): void;
  attachMedia(video: HTMLVideoElement): void;
  destroy(): void;
}
export interface HlsStatic {
  new (config: Record<string, unknown>): HlsInstance;
  Events: Record<string, string>;
}

export interface DashEvent {
  type: string;
  error?: { code?: number; message?: string };
}
/** What dash.js hands a response interceptor (CommonMediaResponse, the parts used here). */
export interface DashResponse {
  url?: string;
  request: { url: string; customData?: { request?: { type?: string } } };
  /** 0 or absent for a request dash.js aborted (it replaces some while buffering). */
  status?: number;
  data?: unknown;
}
export interface DashPlayer {
  updateSettings(settings: Record<string, unknown>): void;
  initialize(video: HTMLVideoElement, url: string, autoPlay: boolean): void;
  on(event: string, listener: (event: DashEvent) => void): void;
  addResponseInterceptor(interceptor: (response: DashResponse) => Promise<DashResponse>): void;
  /** Runs before each request; dash.js sends it when the returned promise resolves. */
  addRequestInterceptor(interceptor: (request: unknown) => Promise<unknown>): void;
  reset(): void;
}
export interface DashStatic {
  MediaPlayer(): { create(): DashPlayer };
}

/** Shaka Player, the parts used here. */
export interface ShakaResponse {
  uri: string;
  data: ArrayBuffer | ArrayBufferView;
}
export interface ShakaError {
  severity?: number;
  code?: number;
  category?: number;
}
export interface ShakaPlayer {
  attach(video: HTMLVideoElement): Promise<void>;
  load(url: string): Promise<void>;
  addEventListener(type: string, listener: (event: Event & { detail?: ShakaError }) => void): void;
  configure(config: Record<string, unknown>): boolean;
  getNetworkingEngine(): {
    registerResponseFilter(filter: (type: number, response: ShakaResponse) => void): void;
    /** Runs before each request; a returned promise holds the request until it settles. */
    registerRequestFilter(
      filter: (type: number, request: unknown) => Promise<void> | undefined,
    ): void;
  } | null;
}
export interface ShakaStatic {
  Player: new () => ShakaPlayer;
  polyfill: { installAll(): void };
  net: { NetworkingEngine: { RequestType: { SEGMENT: number } } };
}

/** video.js with VHS, the parts used here. */
export interface VhsRequest {
  uri?: string;
  requestType?: string;
  response?: unknown;
}
export interface VideoJsPlayer {
  src(source: { src: string; type: string }): void;
  on(event: string, listener: () => void): void;
  error(): { code?: number; message?: string } | null;
  play(): Promise<void> | undefined;
}
export interface VideoJsStatic {
  (element: HTMLVideoElement, options: Record<string, unknown>): VideoJsPlayer;
  Vhs: {
    xhr: {
      onResponse(hook: (request: VhsRequest, error: unknown, response: unknown) => void): void;
    };
  };
}

declare global {
  interface Window {
    Hls: HlsStatic;
    dashjs: DashStatic;
    shaka: ShakaStatic;
    videojs: VideoJsStatic;
  }
}
