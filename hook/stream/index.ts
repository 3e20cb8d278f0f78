/** The page hook's stream model: manifests in, segment matches and upcoming segments out. */
export { detectManifest, isManifestCandidate, kindFromBody, type ManifestKind } from "./detect";
export { ManifestError, type ManifestErrorCode } from "./errors";
export { parseHls, type HlsMaster, type HlsMedia, type HlsVariant } from "./hls-parse";
export { parseDash, type DashManifest, type DashRepresentation } from "./dash-parse";
export {
  deadlineFor,
  dashSegmentId,
  hlsSegmentId,
  hlsVariantKey,
  initSegmentId,
  swarmIdOf,
} from "./identity";
export type { InitSegment, MediaSegment, ParsedTrack } from "./model";
export {
  StreamRegistry,
  type ObservedManifest,
  type StreamRegistryOptions,
  type UpcomingSegment,
} from "./registry";
export type { StreamInfo } from "./stream-store";
export type { TimedSegment } from "./stream-timeline";
export type { ByteRange } from "./url-key";
