/**
 * The shape of `window.__p2pml`, the benchmark's anchor page API (harness/p2pml/anchor.ts runs it
 * in the page; harness/p2pml/driver.ts calls it from Node through Playwright).
 */
import type { MediaTiming } from "./media-watch";

export interface AnchorPlayOptions {
  /** The local WebTorrent tracker, e.g. "ws://127.0.0.1:8000" (P2PML's announceTrackers). */
  trackerUrl: string;
  /** Resolve with `ended: false` after this long if the video has not ended. */
  timeoutMs: number;
  /** Playback rate once the video can play (default 1, real time, as a viewer watches). */
  playbackRate?: number;
  /**
   * P2PML's swarm id. By default P2PML derives it from the manifest URL without its query
   * (`core.swarmId ?? manifestResponseUrl.split("?")[0]`, then per stream
   * `${protocolVersion}-${swarmId}-${streamId}`, SHA-1'd into the tracker's info hash), so viewers
   * of the same URL on the same origin meet without one.
   */
  swarmId?: string;
}

/**
 * What one playback gave: the same fields as the players driver's PlayResult
 * (tests/browser/support/intercept-players.ts) without the segment hashes, plus the media
 * element's timing (first frame, stalls).
 */
export interface AnchorPlayResult extends MediaTiming {
  /** The video reached its end before the timeout. */
  ended: boolean;
  duration: number;
  currentTime: number;
  /** hls.js errors as `type:details:fatal:message`, video element errors as `video:code:message`. */
  errors: string[];
}

/** P2PML's own counters, from its core events. */
export interface AnchorStats {
  /** Segment bytes P2PML fetched over HTTP (onChunkDownloaded, source "http"; playlists excluded). */
  httpBytes: number;
  /** Segment bytes received from peers (onChunkDownloaded, source "p2p"). */
  p2pBytes: number;
  /** Bytes sent to peers (onChunkUploaded). */
  uploadedBytes: number;
  /** Peers connected now (onPeerConnect minus onPeerClose). */
  peers: number;
}

/** The P2PML settings the page's core actually runs with (to check no public server is used). */
export interface AnchorConfig {
  announceTrackers: string[];
  iceServers: RTCIceServer[];
  swarmId: string | undefined;
}

export interface AnchorApi {
  play(manifestUrl: string, options: AnchorPlayOptions): Promise<AnchorPlayResult>;
  stats(): AnchorStats;
  /** Undefined before play(). */
  config(): AnchorConfig | undefined;
  /** Stops playback and leaves the swarm. */
  destroy(): void;
}

declare global {
  interface Window {
    __p2pml: AnchorApi;
  }
}
