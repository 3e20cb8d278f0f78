/**
 * The status line and headers of a segment answered from the engine, shared by the fetch and XHR
 * answers so both look like what an origin would send.
 */

/** A response head: status, status text and lower-case headers in a stable order. */
export interface SegmentResponseHead {
  status: number;
  statusText: string;
  headers: [name: string, value: string][];
}

const TYPES: Record<string, string> = {
  ts: "video/mp2t",
  m4s: "video/iso.segment",
  mp4: "video/mp4",
  m4v: "video/mp4",
  m4a: "audio/mp4",
  cmfv: "video/mp4",
  cmfa: "audio/mp4",
  aac: "audio/aac",
  mp3: "audio/mpeg",
  webm: "video/webm",
  vtt: "text/vtt",
};

/** The content type an origin would most likely send for this segment URL. */
export function segmentContentType(url: string): string {
  const path = url.replace(/[?#].*$/, "");
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (extension !== undefined ? TYPES[extension] : undefined) ?? "application/octet-stream";
}

/** The first byte position of a "bytes=N-..." Range header, or undefined. */
function rangeStart(range: string): number | undefined {
  const match = /^\s*bytes\s*=\s*(\d+)\s*-/i.exec(range);
  return match?.[1] !== undefined ? Number(match[1]) : undefined;
}

/**
 * 200 with content-type and content-length; 206 with a content-range when the player asked for a
 * range (the total length is unknown to the hook, hence "/*").
 */
export function segmentResponseHead(
  url: string,
  range: string | undefined,
  length: number,
): SegmentResponseHead {
  const headers: [string, string][] = [
    ["content-length", String(length)],
    ["content-type", segmentContentType(url)],
  ];
  if (range === undefined) return { status: 200, statusText: "OK", headers };
  const start = rangeStart(range) ?? 0;
  headers.unshift(["content-range", `bytes ${String(start)}-${String(start + length - 1)}/*`]);
  return { status: 206, statusText: "Partial Content", headers };
}
