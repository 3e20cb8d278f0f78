/**
 * DASH MPDs through mpd-parser, into the stream model (no hand-written MPD parsing). The XML
 * itself is read by ./mpd-xml.ts, not by mpd-parser's `stringToMpdXml` and its XML DOM.
 */
import {
  inheritAttributes,
  toPlaylists,
  type MpdByteRange,
  type MpdPlaylist,
  type MpdSegment,
} from "mpd-parser";
import { ManifestError } from "./errors";
import { dashSegmentId, initSegmentId, type DashAddressing } from "./identity";
import type { InitSegment, MediaSegment, ParsedTrack } from "./model";
import { parseXml, XmlError } from "./mpd-xml";
import { parseUrl, rangeKey, type ByteRange } from "./url-key";

/** One Representation (all its Periods together). */
export interface DashRepresentation {
  /** Representation@id (or `bw<bandwidth>` when it has none). */
  id: string;
  type: "video" | "audio";
  bandwidth: number | undefined;
  width: number | undefined;
  height: number | undefined;
  codecs: string | undefined;
  track: ParsedTrack;
}

/** An MPD: its representations; `live` for MPD@type="dynamic". */
export interface DashManifest {
  type: "dash";
  live: boolean;
  representations: DashRepresentation[];
}

const rangeOf = (range: MpdByteRange | undefined): ByteRange | undefined =>
  range === undefined ? undefined : { offset: Number(range.offset), length: Number(range.length) };

function trackTypeOf(playlist: MpdPlaylist): "video" | "audio" | undefined {
  const { contentType, mimeType } = playlist.attributes;
  const type = contentType ?? mimeType?.split("/")[0];
  return type === "video" || type === "audio" ? type : undefined;
}

function initOf(map: MpdSegment["map"]): InitSegment | undefined {
  const url = map === undefined ? undefined : parseUrl(map.resolvedUri);
  if (map === undefined || url === undefined) return undefined;
  const range = rangeOf(map.byterange);
  return { id: initSegmentId(url, range), url: url.href, range };
}

/** Segments of one Representation in one Period, with ids from its addressing scheme. */
function segmentsOf(playlist: MpdPlaylist): { segments: MediaSegment[]; side: InitSegment[] } {
  const attributes = playlist.attributes;
  const periodStart = attributes.periodStart ?? 0;
  const sidx = playlist.sidx;
  if ((playlist.segments ?? []).length === 0 && sidx !== undefined) {
    // SegmentBase: the sidx listing the subsegments is inside the file; without fetching it the
    // model knows the init range, the index range, and that the media follows the index.
    const index = rangeOf(sidx.byterange);
    const url = parseUrl(sidx.resolvedUri);
    if (index === undefined || url === undefined) return { segments: [], side: [] };
    const mediaStart = index.offset + (index.length ?? 0);
    const media: ByteRange = { offset: mediaStart, length: undefined };
    return {
      segments: [
        {
          id: `media@${rangeKey(media)}`,
          order: periodStart,
          url: url.href,
          range: media,
          duration: sidx.duration,
          time: periodStart,
          discontinuity: 0,
          init: initOf(sidx.map),
        },
      ],
      side: [
        { id: `sidx@${rangeKey(index)}`, url: url.href, range: index },
        { id: "file", url: url.href, range: undefined },
      ],
    };
  }
  const addressing: DashAddressing = attributes.media?.includes("$Time") ? "time" : "number";
  const timescale = attributes.timescale ?? 1;
  const offset = attributes.presentationTimeOffset ?? 0;
  const segments: MediaSegment[] = [];
  for (const segment of playlist.segments ?? []) {
    const url = parseUrl(segment.resolvedUri);
    if (url === undefined) continue;
    const range = rangeOf(segment.byterange);
    const value =
      addressing === "time"
        ? Math.round((segment.presentationTime - periodStart) * timescale + offset)
        : segment.number;
    segments.push({
      id: dashSegmentId(addressing, value, range, periodStart),
      order: segment.presentationTime,
      url: url.href,
      range,
      duration: segment.duration,
      time: segment.presentationTime,
      discontinuity: 0,
      init: initOf(segment.map),
    });
  }
  return { segments, side: [] };
}

/**
 * Parses an MPD fetched from `url` (BaseURLs resolve against it). `now` (ms since the epoch) is
 * the clock mpd-parser uses to list the segments of a live `@duration` template. Representations
 * under ContentProtection (DRM) are left out. Returns a ManifestError instead of throwing.
 */
export function parseDash(
  url: string,
  text: string,
  now = Date.now(),
): DashManifest | ManifestError {
  let playlists: MpdPlaylist[];
  try {
    const mpd = parseXml(text);
    if (mpd.tagName !== "MPD") throw new XmlError(`root element ${mpd.tagName}, not MPD`, 0);
    const info = inheritAttributes(mpd, { manifestUri: url, NOW: now });
    playlists = toPlaylists(info.representationInfo);
  } catch (error) {
    return new ManifestError("parse-failed", "the MPD did not parse", { cause: error });
  }
  const byKey = new Map<string, DashRepresentation>();
  let live = false;
  let protectedCount = 0;
  for (const playlist of playlists) {
    const attributes = playlist.attributes;
    const type = trackTypeOf(playlist);
    if (type === undefined) continue;
    if (Object.keys(attributes.contentProtection ?? {}).length > 0) {
      protectedCount += 1;
      continue;
    }
    live ||= attributes.type === "dynamic";
    const id = attributes.id ?? `bw${String(attributes.bandwidth ?? 0)}`;
    const { segments, side } = segmentsOf(playlist);
    const existing = byKey.get(`${type}:${id}`);
    if (existing !== undefined) {
      existing.track.segments.push(...segments);
      existing.track.side.push(...side);
      continue;
    }
    byKey.set(`${type}:${id}`, {
      id,
      type,
      bandwidth: attributes.bandwidth,
      width: attributes.width,
      height: attributes.height,
      codecs: attributes.codecs,
      track: { kind: "dash", live: false, targetDuration: 0, segments, side },
    });
  }
  const representations = [...byKey.values()].filter(
    (representation) => representation.track.segments.length > 0,
  );
  for (const { track } of representations) {
    track.live = live;
    track.targetDuration = Math.max(...track.segments.map((segment) => segment.duration));
  }
  if (representations.length > 0) return { type: "dash", live, representations };
  return protectedCount > 0
    ? new ManifestError("protected", "every representation is under ContentProtection")
    : new ManifestError("empty", "no audio or video representation with segments");
}
