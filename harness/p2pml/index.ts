/**
 * The benchmark's P2P Media Loader 2.3.1 arm: the anchor page (hls.js + P2PML in a plain page,
 * no extension) for a runner to serve, and the calls that drive it from Node.
 */
export { p2pmlPage, anchorBundle, ANCHOR_SCRIPT_PATH, type AnchorPage } from "./page";
export { playAnchor, anchorStats, anchorConfig } from "./driver";
export { watchMedia, type MediaTiming, type WatchedMedia } from "./media-watch";
export type {
  AnchorApi,
  AnchorConfig,
  AnchorPlayOptions,
  AnchorPlayResult,
  AnchorStats,
} from "./types";
