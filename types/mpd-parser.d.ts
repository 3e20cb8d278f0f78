/* The subset of mpd-parser (video.js project) that this project uses; it ships no types. */
declare module "mpd-parser" {
  export interface MpdByteRange {
    length: number | bigint;
    offset: number | bigint;
  }
  export interface MpdSegment {
    uri: string;
    resolvedUri: string;
    duration: number;
    /** startNumber-based segment number ($Number$) as computed by toPlaylists(). */
    number: number;
    /** Seconds on the presentation timeline. */
    presentationTime: number;
    timeline: number;
    byterange?: MpdByteRange;
    map?: { uri: string; resolvedUri: string; byterange?: MpdByteRange };
  }
  /** Attributes inherited down to one Representation of one Period (a partial list). */
  export interface MpdRepresentationAttributes {
    id?: string;
    type?: string;
    contentType?: string;
    mimeType?: string;
    codecs?: string;
    bandwidth?: number;
    width?: number;
    height?: number;
    lang?: string;
    periodStart?: number;
    timescale?: number;
    presentationTimeOffset?: number;
    media?: string;
    baseUrl?: string;
    contentProtection?: Record<string, unknown>;
  }
  export interface MpdPlaylist {
    attributes: MpdRepresentationAttributes;
    segments?: MpdSegment[];
    /** SegmentBase@indexRange: the sidx box's location, with the init segment as `map`. */
    sidx?: MpdSegment;
  }
  export interface MpdManifestInfo {
    representationInfo: unknown[];
  }
  export function stringToMpdXml(text: string): unknown;
  export function inheritAttributes(
    mpd: unknown,
    options?: { manifestUri?: string; NOW?: number; clientOffset?: number },
  ): MpdManifestInfo;
  export function toPlaylists(representationInfo: unknown[]): MpdPlaylist[];
}
