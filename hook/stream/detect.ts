import { parseUrl } from "./url-key";

/** The two manifest formats the hook understands. */
export type ManifestKind = "hls" | "dash";

const HLS_TYPES = new Set([
  "application/vnd.apple.mpegurl",
  "application/x-mpegurl",
  "audio/mpegurl",
  "audio/x-mpegurl",
]);
const DASH_TYPES = new Set(["application/dash+xml"]);
/** Content types that a manifest may be served with by careless servers; the body decides. */
const MAYBE_TYPES = new Set([
  "text/plain",
  "text/xml",
  "application/xml",
  "application/octet-stream",
  "binary/octet-stream",
]);

/** The media type without parameters, lower case: "application/dash+xml; charset=utf-8" -> ... */
const mediaType = (contentType: string | null): string =>
  (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/** The manifest kind a URL's extension names (query and fragment ignored). */
function kindFromUrl(url: string): ManifestKind | undefined {
  const path = (parseUrl(url)?.pathname ?? url.split(/[?#]/)[0] ?? "").toLowerCase();
  if (path.endsWith(".m3u8") || path.endsWith(".m3u")) return "hls";
  if (path.endsWith(".mpd")) return "dash";
  return undefined;
}

function kindFromType(contentType: string | null): ManifestKind | undefined {
  const type = mediaType(contentType);
  if (HLS_TYPES.has(type)) return "hls";
  if (DASH_TYPES.has(type)) return "dash";
  return undefined;
}

/** Sniffs the body: `#EXTM3U` first (after a BOM/whitespace), or an `<MPD` root element. */
export function kindFromBody(text: string): ManifestKind | undefined {
  const head = text
    .slice(0, 2048)
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (head.startsWith("#EXTM3U")) return "hls";
  // Skip the XML declaration, comments and processing instructions before the root element.
  const root = head.replace(/^(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*)*/, "");
  if (/^<(?:[A-Za-z_][\w.-]*:)?MPD[\s>/]/.test(root)) return "dash";
  return undefined;
}

/**
 * Synchronous and cheap (no body): might this response be a manifest? Accepts manifest content
 * types, manifest extensions, and the vague types manifests are sometimes served with when the
 * URL does not look like a segment. Never accepts video/audio/image types or segment extensions.
 */
export function isManifestCandidate(url: string, contentType: string | null): boolean {
  const byType = kindFromType(contentType);
  if (byType !== undefined) return true;
  const type = mediaType(contentType);
  if (/^(?:video|audio|image|font)\//.test(type)) return false;
  if (kindFromUrl(url) !== undefined) return true;
  if (!MAYBE_TYPES.has(type)) return false;
  const path = (parseUrl(url)?.pathname ?? "").toLowerCase();
  return !/\.(?:ts|m4s|mp4|m4v|m4a|aac|mp3|cmfv|cmfa|webm|vtt|key|jpg|png|js|css|html?)$/.test(
    path,
  );
}

/**
 * Which manifest this response is. The body decides when it sniffs as one format (a server that
 * says application/x-mpegURL but sends an MPD, or an HTML error page, is judged by what it sent).
 * Otherwise content type and URL extension name the candidate format, and it is accepted only if
 * the body could be it: an HLS playlist must start with #EXTM3U (RFC 8216 4.3.1.1), so a hinted
 * HLS body without it is rejected; a hinted DASH body is accepted when an MPD element appears
 * near the start (after a DOCTYPE or odd prolog the sniffer skips). m3u8-parser accepts any
 * text, so this check is what keeps HTML pages out.
 */
export function detectManifest(
  url: string,
  contentType: string | null,
  text: string,
): ManifestKind | undefined {
  const byBody = kindFromBody(text);
  if (byBody !== undefined) return byBody;
  const hinted = kindFromType(contentType) ?? kindFromUrl(url);
  if (hinted === "dash" && /<(?:[A-Za-z_][\w.-]*:)?MPD[\s>]/.test(text.slice(0, 8192))) {
    return "dash";
  }
  return undefined;
}
