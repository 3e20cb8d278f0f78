/**
 * Identities that are the same for every viewer of a stream, and different for different videos.
 *
 * Viewers of one stream get different URLs for the same bytes: per-viewer query tokens
 * (`?token=..`, signed URLs), token path segments, and different CDN hosts (geo DNS, CDN
 * switching). A swarm is only useful if all of them land in it, so no identity contains a host
 * or a known token (url-tokens.ts). But a swarm that merges two videos hands viewers the wrong
 * bytes, so everything else stays: every path segment (a UUID or a long id names the video) and
 * every other query parameter (`?v=1001`). Identities are built from that stable key of the
 * manifest, which variant/representation it is, and how the stream numbers its segments (media
 * sequence numbers, DASH $Number$/$Time$, byte offsets within a single-file resource).
 */
import { LIMITS } from "../../messaging/limits";
import { pathHasToken, rangeKey, stableKey, type ByteRange } from "./url-key";

/**
 * The swarm of one variant: `<kind>:<manifest key>#<variant key>`. The manifest key is the
 * stable key (path and query without known tokens, see stableKey) of the master playlist / MPD,
 * or of the media playlist when no master was seen. Two variants of one master, and the same
 * variant name in two different masters, never share a swarm; a variant switch changes swarm.
 */
export const swarmIdOf = (kind: "hls" | "dash", manifestUrl: URL, variantKey: string): string =>
  bounded(`${kind}:${stableKey(manifestUrl)}#${variantKey}`, LIMITS.swarmIdChars);

/** What identifies an HLS variant or rendition in a master playlist. */
export interface HlsVariantDescription {
  url: URL;
  bandwidth: number | undefined;
  width: number | undefined;
  height: number | undefined;
  /** For #EXT-X-MEDIA renditions: type, GROUP-ID and NAME. */
  rendition?: { type: string; group: string; name: string };
}

/**
 * The variant key of an HLS variant: the stable key of its URI (path and query without known
 * tokens or host: the same for every viewer, and distinct per variant). When the URI path carries
 * a known token form, the key falls back to what the master says about the variant: bandwidth
 * and resolution (`bw800000-640x360`), or for an #EXT-X-MEDIA rendition its type, GROUP-ID and
 * NAME, which the master fixes for everyone.
 */
export function hlsVariantKey(variant: HlsVariantDescription): string {
  if (!pathHasToken(variant.url)) return stableKey(variant.url);
  const rendition = variant.rendition;
  if (rendition !== undefined) {
    return `${rendition.type.toLowerCase()}:${rendition.group}:${rendition.name}`;
  }
  const resolution =
    variant.width !== undefined && variant.height !== undefined
      ? `-${String(variant.width)}x${String(variant.height)}`
      : "";
  return `bw${String(variant.bandwidth ?? 0)}${resolution}`;
}

/** The variant key of a DASH representation: its type and @id, unique within a Period. */
export const dashVariantKey = (type: string, representationId: string): string =>
  `${type}:${representationId}`;

const rangeSuffix = (range: ByteRange | undefined): string =>
  range === undefined ? "" : `@${rangeKey(range)}`;

/**
 * An HLS media segment: its media sequence number (EXT-X-MEDIA-SEQUENCE + index), which RFC 8216
 * makes stable across playlist refreshes and identical for all viewers of a variant; a byte range
 * within a single-file resource adds `@<first>-<last>` (several segments share a sequence-less
 * URL, and a sub-range is different bytes).
 */
export const hlsSegmentId = (sequence: number, range: ByteRange | undefined): string =>
  `${String(sequence)}${rangeSuffix(range)}`;

/**
 * An init segment: `init:`, its stable key (a playlist may switch maps at a discontinuity, and
 * two maps may share a file name in different directories or differ by a query parameter) and
 * its byte range: `init:/v/1/init.mp4`, `init:/v/index.m4s@0-827`.
 */
export const initSegmentId = (url: URL, range: ByteRange | undefined): string =>
  bounded(`init:${stableKey(url)}${rangeSuffix(range)}`, LIMITS.segmentIdChars);

/** How a DASH representation numbers its segments. */
export type DashAddressing = "number" | "time";

/**
 * A DASH media segment. `$Number$` templates and SegmentList: `n<number>` (startNumber-based,
 * the number in the URL every viewer requests). `$Time$` templates: `t<time>` in the
 * representation's timescale (the value in the URL). A SegmentList with media ranges adds the
 * range. SegmentBase (one file, a sidx inside) has `init@<range>`, `sidx@<range>`, `media@<start>-`
 * for the media after the index, and `file` for the whole resource. Periods after the first are prefixed with their start in ms (`p60000/n1`), since
 * numbering restarts per Period.
 */
export function dashSegmentId(
  addressing: DashAddressing,
  value: number,
  range: ByteRange | undefined,
  periodStart: number,
): string {
  const prefix = periodStart > 0 ? `p${String(Math.round(periodStart * 1000))}/` : "";
  const body = addressing === "time" ? `t${String(value)}` : `n${String(value)}`;
  return `${prefix}${body}${rangeSuffix(range)}`;
}

/**
 * `id` itself when it fits in `max` characters (what the messaging schemas accept), else its
 * start and a 64-bit hash of the whole (`...~h0123456789abcdef`): still the same for every
 * viewer, and two different ids only meet by a hash collision.
 */
export function bounded(id: string, max: number): string {
  if (id.length <= max) return id;
  return `${id.slice(0, max - 18)}~h${hash64(id)}`;
}

/** Two independent 32-bit FNV-1a-style hashes of the UTF-16 units, as 16 hex digits. */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995) ^ (b >>> 15);
  }
  const hex = (value: number): string => (value >>> 0).toString(16).padStart(8, "0");
  return hex(a) + hex(b);
}

/**
 * How long a matched request may wait for the engine, from the segment's duration: half of it,
 * clamped to [200 ms, 2000 ms]. A player asks for a segment about one segment duration (often
 * more) before it needs it, so waiting half of that for a peer still leaves the other half for
 * the HTTP fallback; 200 ms gives peers a chance even for tiny segments, and 2 s caps what a
 * silent peer can ever add to start-up or seek latency.
 */
export const deadlineFor = (durationSeconds: number): number =>
  Math.round(Math.min(2000, Math.max(200, (durationSeconds * 1000) / 2)));
