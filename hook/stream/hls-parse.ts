/** HLS playlists through m3u8-parser, into the stream model (no hand-written playlist parsing). */
import { Parser, type ParsedManifest, type ParsedSegment } from "m3u8-parser";
import { ManifestError } from "./errors";
import { hlsSegmentId, initSegmentId, type HlsVariantDescription } from "./identity";
import type { InitSegment, MediaSegment, ParsedTrack } from "./model";
import { parseUrl, type ByteRange } from "./url-key";

/** A multivariant (master) playlist: its variants and its separate renditions. */
export interface HlsMaster {
  type: "master";
  variants: HlsVariant[];
}

/** One #EXT-X-STREAM-INF variant or one #EXT-X-MEDIA rendition with a URI. */
export interface HlsVariant extends HlsVariantDescription {
  codecs: string | undefined;
  /** "main" for #EXT-X-STREAM-INF, "audio"/"video" for #EXT-X-MEDIA renditions. */
  trackType: "main" | "audio" | "video";
  language?: string;
}

/** A media playlist: one track. */
export interface HlsMedia {
  type: "media";
  track: ParsedTrack;
}

/** Methods whose keys come from a DRM system: segments are left alone. */
const DRM_METHODS = new Set(["SAMPLE-AES", "SAMPLE-AES-CTR", "SAMPLE-AES-CENC"]);

const numberAttribute = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

function resolution(value: unknown): { width?: number; height?: number } {
  if (typeof value !== "object" || value === null) return {};
  const { width, height } = value as { width?: unknown; height?: unknown };
  return { width: numberAttribute(width), height: numberAttribute(height) };
}

function masterOf(manifest: ParsedManifest, base: string): HlsMaster {
  const variants: HlsVariant[] = [];
  for (const playlist of manifest.playlists ?? []) {
    const url = parseUrl(playlist.uri, base);
    if (url === undefined) continue;
    const { width, height } = resolution(playlist.attributes.RESOLUTION);
    const codecs = playlist.attributes.CODECS;
    variants.push({
      url,
      trackType: "main",
      bandwidth: numberAttribute(playlist.attributes.BANDWIDTH),
      width,
      height,
      codecs: typeof codecs === "string" ? codecs : undefined,
    });
  }
  for (const type of ["AUDIO", "VIDEO"] as const) {
    for (const [group, renditions] of Object.entries(manifest.mediaGroups?.[type] ?? {})) {
      for (const [name, rendition] of Object.entries(renditions)) {
        // A rendition without URI is muxed into the variants: no playlist, no swarm of its own.
        const url = rendition.uri === undefined ? undefined : parseUrl(rendition.uri, base);
        if (url === undefined) continue;
        variants.push({
          url,
          trackType: type === "AUDIO" ? "audio" : "video",
          bandwidth: undefined,
          width: undefined,
          height: undefined,
          codecs: undefined,
          rendition: { type, group, name },
          ...(rendition.language === undefined ? {} : { language: rendition.language }),
        });
      }
    }
  }
  return { type: "master", variants };
}

const rangeOf = (range: { length: number; offset: number } | undefined): ByteRange | undefined =>
  range === undefined ? undefined : { offset: range.offset, length: range.length };

function initOf(segment: ParsedSegment, base: string): InitSegment | undefined | ManifestError {
  if (segment.map === undefined) return undefined;
  const url = parseUrl(segment.map.uri, base);
  if (url === undefined) return new ManifestError("parse-failed", `bad map URI ${segment.map.uri}`);
  const range = rangeOf(segment.map.byterange);
  return { id: initSegmentId(url, range), url: url.href, range };
}

/** EXT-X-SKIP's SKIPPED-SEGMENTS (0 when absent or not a count: m3u8-parser gives NaN then). */
function skippedSegments(manifest: ParsedManifest): number {
  const count = manifest.skip?.skippedSegments;
  return count !== undefined && Number.isSafeInteger(count) && count > 0 ? count : 0;
}

function mediaOf(manifest: ParsedManifest, base: string): HlsMedia | ManifestError {
  // m3u8-parser files a key with a DRM KEYFORMAT (FairPlay, Widevine, PlayReady) under
  // contentProtection and leaves segment.key unset: such a playlist is protected too.
  const systems = Object.keys(manifest.contentProtection ?? {});
  if (systems.length > 0) {
    return new ManifestError("protected", `#EXT-X-KEY for ${systems.join(", ")}`);
  }
  // A delta update (EXT-X-SKIP, a low-latency player's `_HLS_skip` reload) leaves out the first
  // SKIPPED-SEGMENTS segments: the first one listed comes after them.
  const firstSequence = (manifest.mediaSequence ?? 0) + skippedSegments(manifest);
  const segments: MediaSegment[] = [];
  const inits = new Map<string, InitSegment>();
  for (const [index, segment] of manifest.segments.entries()) {
    if (segment.key !== undefined && DRM_METHODS.has(segment.key.method.toUpperCase())) {
      return new ManifestError("protected", `#EXT-X-KEY METHOD=${segment.key.method}`);
    }
    const url = parseUrl(segment.uri, base);
    if (url === undefined) return new ManifestError("parse-failed", `bad URI ${segment.uri}`);
    let init = initOf(segment, base);
    if (init instanceof ManifestError) return init;
    // One object per distinct init, so the registry sees each once.
    if (init !== undefined) init = inits.get(init.id) ?? inits.set(init.id, init).get(init.id);
    const range = rangeOf(segment.byterange);
    const sequence = firstSequence + index;
    segments.push({
      id: hlsSegmentId(sequence, range),
      order: sequence,
      url: url.href,
      range,
      duration: segment.duration,
      time: undefined,
      discontinuity: segment.timeline ?? manifest.discontinuitySequence ?? 0,
      init,
      ...(segment.key?.method.toUpperCase() === "AES-128" ? { encrypted: true as const } : {}),
    });
  }
  if (segments.length === 0) return new ManifestError("empty", "media playlist without segments");
  const longest = Math.max(...segments.map((segment) => segment.duration));
  return {
    type: "media",
    track: {
      kind: "hls",
      live: manifest.endList !== true && manifest.playlistType !== "VOD",
      targetDuration: manifest.targetDuration ?? longest,
      segments,
      side: [],
    },
  };
}

/**
 * Parses an HLS playlist fetched from `url`. Every URI is resolved against `url`; byte ranges
 * come from m3u8-parser, which continues an offset-less #EXT-X-BYTERANGE from the previous one.
 * Returns a ManifestError instead of throwing.
 */
export function parseHls(url: string, text: string): HlsMaster | HlsMedia | ManifestError {
  let manifest: ParsedManifest;
  try {
    const parser = new Parser();
    parser.push(text);
    parser.end();
    manifest = parser.manifest;
  } catch (error) {
    return new ManifestError("parse-failed", "m3u8-parser threw", { cause: error });
  }
  if ((manifest.playlists?.length ?? 0) > 0) {
    const master = masterOf(manifest, url);
    return master.variants.length > 0
      ? master
      : new ManifestError("empty", "master playlist without usable variants");
  }
  return mediaOf(manifest, url);
}
