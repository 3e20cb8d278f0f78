/**
 * URL normalisation for identities and lookups: the exact URL, and the stable key (no host, no
 * known tokens, see url-tokens.ts) that every viewer of a resource shares. The URL index looks
 * up by the exact key, then origin + stable key, then the stable key alone. All are plain strings
 * so lookups are Map hits.
 */
import { isTokenSegment, tokenParams } from "./url-tokens";

/** The URL as given, without its fragment (never sent to the server). */
export const exactKey = (url: URL): string => `${url.origin}${url.pathname}${url.search}`;

/** Parses an absolute URL (or one relative to `base`); undefined instead of throwing. */
export function parseUrl(url: string, base?: string): URL | undefined {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}

/** Whether a segment of the URL's path is a known token form (JWT, Akamai-style key=value). */
export const pathHasToken = (url: URL): boolean => url.pathname.split("/").some(isTokenSegment);

/**
 * What every viewer of the resource shares: the path with known token segments replaced by
 * `*`, then the query without its known token parameters, sorted by name (a stable sort: repeated
 * names keep their order) so that parameter order does not matter. No host, no fragment.
 * `/v/<uuid>/master.m3u8?v=1001&token=X` gives `/v/<uuid>/master.m3u8?v=1001`. HLS's playlist
 * delivery directives (`_HLS_msn`, `_HLS_part`, `_HLS_skip`: a low-latency player's blocking
 * reloads and delta updates) are dropped too: the spec reserves them, so they never name a
 * video, and each reload of one playlist would otherwise be a new swarm.
 */
export function stableKey(url: URL): string {
  const path = url.pathname
    .split("/")
    .map((segment) => (isTokenSegment(segment) ? "*" : segment))
    .join("/");
  const params = [...url.searchParams];
  const dropped = tokenParams(params.map(([name]) => name));
  const kept = params
    .filter(([name]) => !dropped.has(name.toLowerCase()) && !isDeliveryDirective(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return kept.length === 0 ? path : `${path}?${new URLSearchParams(kept).toString()}`;
}

/**
 * HLS's playlist delivery directives (RFC 8216bis, 6.2.5.1), by their exact names: only these,
 * so a site's own parameter that happens to start with `_HLS_` still names its video.
 */
const DELIVERY_DIRECTIVES: ReadonlySet<string> = new Set(["_HLS_msn", "_HLS_part", "_HLS_skip"]);
const isDeliveryDirective = (name: string): boolean => DELIVERY_DIRECTIVES.has(name);

/** A byte range: `offset` and `length` in bytes; `length` undefined = to the end of the resource. */
export interface ByteRange {
  offset: number;
  length: number | undefined;
}

/** `o-e` (inclusive end, as in an HTTP Range header), or `o-` when open-ended. */
export const rangeKey = (range: ByteRange | undefined): string =>
  range === undefined
    ? ""
    : `${String(range.offset)}-${range.length === undefined ? "" : String(range.offset + range.length - 1)}`;

/**
 * The range key of a Range header: "" for none (and for `bytes=0-`, which asks for the whole
 * resource), `o-e` for a single closed or open range, undefined for anything else (suffix ranges,
 * several ranges, other units), which never matches a segment.
 */
export function headerRangeKey(header: string | undefined): string | undefined {
  if (header === undefined) return "";
  const match = /^\s*bytes\s*=\s*(\d+)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return undefined;
  const [, start = "", end = ""] = match;
  if (end === "") return Number(start) === 0 ? "" : `${String(Number(start))}-`;
  return `${String(Number(start))}-${String(Number(end))}`;
}
