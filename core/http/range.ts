/** A parsed `bytes=start-end` Range header value (end inclusive, undefined for open-ended). */
export interface ByteRange {
  start: number;
  end: number | undefined;
}

export function parseByteRange(value: string | undefined): ByteRange | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(value.trim());
  if (!match?.[1]) return undefined;
  const start = Number(match[1]);
  const end = match[2] ? Number(match[2]) : undefined;
  if (end !== undefined && end < start) return undefined;
  return { start, end };
}

/** Size in bytes of a closed range. */
export const rangeSize = (range: ByteRange | undefined): number | undefined =>
  range?.end === undefined ? undefined : range.end - range.start + 1;

/** The Range header for a segment (whole resource or `segmentRange`) from byte `offset` on. */
export function rangeFrom(segmentRange: ByteRange | undefined, offset: number): string | undefined {
  if (!segmentRange) return offset === 0 ? undefined : `bytes=${String(offset)}-`;
  const start = segmentRange.start + offset;
  return `bytes=${String(start)}-${segmentRange.end === undefined ? "" : String(segmentRange.end)}`;
}
