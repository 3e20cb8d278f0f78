/**
 * Identities that are the same for every viewer of a stream.
 *
 * Viewers of one stream get different URLs for the same bytes: per-viewer query tokens
 * (`?token=..`, signed URLs), token path segments, and different CDN hosts (geo DNS, CDN
 * switching). A swarm is only useful if all of them land in it, so no identity ever contains a
 * host, a query or a token-looking path segment. What every viewer shares is the manifest's
 * structure: where it lives on the site (the path), which variant/representation it is, and
 * how the stream numbers its segments (media sequence numbers, DASH $Number$/$Time$, byte
 * offsets within a single-file resource). Identities are built from exactly those.
 */
import { pathHasToken, rangeKey, stablePath, type ByteRange } from "./url-key";

/**
 * The swarm of one variant: `<kind>:<manifest path>#<variant key>`. The manifest path is the
 * master playlist's / MPD's path without host or query (token segments replaced by `*`), or the
 * media playlist's own when no master was seen. Two variants of one master, and the same
 * variant name in two different masters, never share a swarm; a variant switch changes swarm.
 */
export const swarmIdOf = (kind: "hls" | "dash", manifestUrl: URL, variantKey: string): string =>
  `${kind}:${stablePath(manifestUrl)}#${variantKey}`;

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
 * The variant key of an HLS variant: its URI path without query or host (stable, and distinct
 * per variant on every site seen so far). When the URI path itself carries a token, the path
 * differs per viewer, so the key falls back to what the master says about the variant:
 * bandwidth and resolution (`bw800000-640x360`), or for an #EXT-X-MEDIA rendition its type,
 * GROUP-ID and NAME, which the master fixes for everyone.
 */
export function hlsVariantKey(variant: HlsVariantDescription): string {
  if (!pathHasToken(variant.url)) return stablePath(variant.url);
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
 * An init segment: `init`, its file name when it has a non-token one (a playlist may switch
 * maps at a discontinuity), and its byte range: `init:v1-init.mp4`, `init@0-827`.
 */
export function initSegmentId(url: URL, range: ByteRange | undefined): string {
  const name = url.pathname.split("/").pop() ?? "";
  const label = name === "" || pathHasToken(url) ? "" : `:${name}`;
  return `init${label}${rangeSuffix(range)}`;
}

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
 * How long a matched request may wait for the engine, from the segment's duration: half of it,
 * clamped to [200 ms, 2000 ms]. A player asks for a segment about one segment duration (often
 * more) before it needs it, so waiting half of that for a peer still leaves the other half for
 * the HTTP fallback; 200 ms gives peers a chance even for tiny segments, and 2 s caps what a
 * silent peer can ever add to start-up or seek latency.
 */
export const deadlineFor = (durationSeconds: number): number =>
  Math.round(Math.min(2000, Math.max(200, (durationSeconds * 1000) / 2)));
