import type { ManifestKind } from "./detect";
import type { ByteRange } from "./url-key";

/** An initialisation segment (#EXT-X-MAP, DASH Initialization): fetched once per track. */
export interface InitSegment {
  /** Stable id within the swarm (see identity.ts). */
  id: string;
  /** Absolute URL as this viewer's manifest gives it (tokens included). */
  url: string;
  range: ByteRange | undefined;
}

/** A media segment as the manifest describes it, with its stable id. */
export interface MediaSegment {
  /** Stable id within the swarm (see identity.ts). */
  id: string;
  /** Sort key: the HLS media sequence number, or the DASH presentation time in seconds. */
  order: number;
  /** Absolute URL as this viewer's manifest gives it (tokens included). */
  url: string;
  range: ByteRange | undefined;
  /** Seconds. */
  duration: number;
  /** Start on the presentation timeline when the manifest says (DASH); undefined for HLS. */
  time: number | undefined;
  /** HLS discontinuity sequence number of the segment; 0 for DASH. */
  discontinuity: number;
  init: InitSegment | undefined;
  /**
   * HLS `#EXT-X-KEY:METHOD=AES-128` applies: the bytes are the whole segment encrypted (AES-CBC,
   * PKCS#7 padding), so they look like no container. Keys stay the player's business: a key
   * request is no segment and goes to the network untouched.
   */
  encrypted?: true;
}

/** The content of a media track, whatever the manifest format. */
export type TrackType = "video" | "audio" | "main";

/** One HLS media playlist or one DASH representation, parsed, before it gets a swarm. */
export interface ParsedTrack {
  kind: ManifestKind;
  /** Live (no #EXT-X-ENDLIST, MPD@type="dynamic") or VOD. */
  live: boolean;
  /** Seconds: #EXT-X-TARGETDURATION, or the longest segment. */
  targetDuration: number;
  /** In playback order. */
  segments: MediaSegment[];
  /** Further requests that belong to the track but are no media segment (DASH sidx, ...). */
  side: InitSegment[];
}
