/** The loader core's public surface: p2p-media-loader-core 0.6.2's API, plus typed extras. */
export { HybridLoader, type LoaderDetails } from "./hybrid-loader.js";
export { Events, type DownloadMethod, type LoaderEventMap, type PeerInfo } from "./events.js";
export { Segment, type SegmentFields } from "./segment.js";
export {
  defaultSettings,
  resolveSettings,
  SettingsError,
  type SegmentUrlBuilder,
  type SegmentValidator,
  type Settings,
  type XhrSetup,
} from "./settings.js";
export type { SegmentsStorage } from "./storage/segments-storage.js";
export { MemorySegmentsStorage } from "./storage/memory-storage.js";
export { LoaderError, SegmentRejection, type LoaderErrorCode } from "./errors.js";
export {
  sameDigest,
  sha256,
  type Digest,
  type SegmentEvidence,
  type Span,
} from "./p2p/attestations.js";
export type { LoaderEnvironment } from "./environment.js";
export type { Clock, RandomBytes, RandomSource } from "./env.js";
export type { HttpClient, HttpRequest, HttpResponseInfo } from "./http/http-client.js";
export type * from "./transport/transport.js";
export {
  DEFAULT_PEER_BUDGET,
  PeerBudget,
  type OfferReservation,
  type PeerBudgetLimits,
} from "./p2p/peer-budget.js";
export { DEFAULT_CONCURRENT_UPLOADS, UploadBudget } from "./p2p/upload-budget.js";

/** The API version this core implements. */
export const version = "0.6.2";
