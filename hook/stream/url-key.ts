/**
 * URL normalisation for identities and lookups. Three keys per URL, from strict to loose:
 * the exact URL, the URL without query and fragment (rotating tokens), and the path alone without
 * host (a CDN switch). All are plain strings so lookups are Map hits.
 */

/** The URL as given, without its fragment (never sent to the server). */
export const exactKey = (url: URL): string => `${url.origin}${url.pathname}${url.search}`;

/** Origin and path, no query: the same resource when only its query tokens rotate. */
export const pathKey = (url: URL): string => `${url.origin}${url.pathname}`;

/** Path only, no host, no query: the same resource on another CDN host. */
export const hostlessKey = (url: URL): string => url.pathname;

/** Parses an absolute URL (or one relative to `base`); undefined instead of throwing. */
export function parseUrl(url: string, base?: string): URL | undefined {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}

/**
 * A path segment that is most likely a per-viewer token rather than a name: key=value pairs
 * (Akamai `hdnts=exp=..~acl=..~hmac=..`), or long runs of base64url/hex mixing letters and digits.
 */
export function looksLikeToken(segment: string): boolean {
  if (segment.includes("=") || segment.includes("~")) return true;
  const stem = segment.replace(/\.[a-z0-9]{1,5}$/i, "");
  return (
    stem.length >= 24 && /^[A-Za-z0-9_-]+$/.test(stem) && /\d/.test(stem) && /[a-z]/i.test(stem)
  );
}

/** Whether any segment of the URL's path looks like a token. */
export const pathHasToken = (url: URL): boolean => url.pathname.split("/").some(looksLikeToken);

/** The path with token-looking segments replaced by `*`, so every viewer derives the same one. */
export const stablePath = (url: URL): string =>
  url.pathname
    .split("/")
    .map((segment) => (looksLikeToken(segment) ? "*" : segment))
    .join("/");

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
