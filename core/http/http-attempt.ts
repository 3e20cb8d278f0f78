import { LoaderError } from "../errors.js";
import type { SegmentBuffer } from "../segment-buffer.js";
import type { HttpClient } from "./http-client.js";
import { rangeFrom, rangeSize, type ByteRange } from "./range.js";

export interface HttpAttempt {
  client: HttpClient;
  url: string;
  /** The segment's own byte range within the resource, if any. */
  segmentRange: ByteRange | undefined;
  /** Continues from `buffer.received` (a resume) and fills the buffer to its end. */
  buffer: SegmentBuffer;
  signal: AbortSignal;
  onBytes(count: number): void;
  onResponseUrl(url: string): void;
}

/**
 * Fetches the rest of a segment into its buffer. A server that ignores a resume range (200
 * instead of 206) is tolerated by skipping the bytes we already have; one that ignores the
 * segment's own range is an error, since the body is another resource's bytes.
 */
export async function runHttpAttempt(attempt: HttpAttempt): Promise<void> {
  const { buffer, segmentRange } = attempt;
  const offset = buffer.received;
  const knownSize = rangeSize(segmentRange);
  if (knownSize !== undefined) buffer.setTotalSize(knownSize);
  const range = rangeFrom(segmentRange, offset);
  let skip = 0;

  await attempt.client.request({
    url: attempt.url,
    range,
    signal: attempt.signal,
    onResponse: (info) => {
      attempt.onResponseUrl(info.responseUrl);
      if (range !== undefined && info.status === 200) {
        if (segmentRange) throw new LoaderError("http-range-ignored", attempt.url);
        skip = offset;
      }
      if (info.status === 206 && !segmentRange && info.rangeTotal !== undefined) {
        buffer.setTotalSize(info.rangeTotal);
      } else if (info.length !== undefined && knownSize === undefined) {
        buffer.setTotalSize(info.status === 206 ? offset + info.length : info.length);
      }
    },
    onChunk: (bytes) => {
      let chunk = bytes;
      if (skip > 0) {
        const dropped = Math.min(skip, chunk.byteLength);
        skip -= dropped;
        chunk = chunk.subarray(dropped);
      }
      if (chunk.byteLength === 0) return;
      buffer.append(chunk);
      attempt.onBytes(chunk.byteLength);
    },
  });
  if (buffer.totalSize === undefined) buffer.setTotalSize(buffer.received);
  if (!buffer.isFull) {
    throw new LoaderError(
      "size-mismatch",
      `${String(buffer.received)} of ${String(buffer.totalSize)} bytes from ${attempt.url}`,
    );
  }
}
