/* The subset of m3u8-parser (video.js project) that this project uses; it ships no types. */
declare module "m3u8-parser" {
  export interface ParsedByteRange {
    length: number;
    offset: number;
  }
  export interface ParsedSegment {
    uri: string;
    duration: number;
    byterange?: ParsedByteRange;
    /** #EXT-X-MAP in force for this segment. */
    map?: { uri: string; byterange?: ParsedByteRange };
    /** #EXT-X-KEY in force for this segment. */
    key?: { method: string; uri?: string; keyformat?: string };
    /** Discontinuity sequence number of this segment. */
    timeline?: number;
    discontinuity?: boolean;
  }
  export interface ParsedRendition {
    uri?: string;
    language?: string;
    default?: boolean;
    autoselect?: boolean;
  }
  export interface ParsedManifest {
    segments: ParsedSegment[];
    targetDuration?: number;
    mediaSequence?: number;
    discontinuitySequence?: number;
    endList?: boolean;
    playlistType?: string;
    playlists?: { uri: string; attributes: Record<string, unknown> }[];
    /** #EXT-X-MEDIA renditions by type, then GROUP-ID, then NAME. */
    mediaGroups?: Partial<Record<string, Record<string, Record<string, ParsedRendition>>>>;
    contentProtection?: Record<string, unknown>;
    /** #EXT-X-SKIP of a delta update: the segments left out before the first listed. */
    skip?: { skippedSegments?: number };
  }
  export class Parser {
    manifest: ParsedManifest;
    push(chunk: string): void;
    end(): void;
  }
}
