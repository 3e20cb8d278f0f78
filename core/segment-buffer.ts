import { LoaderError } from "./errors.js";

export type BufferState = "open" | "complete" | "failed";

/**
 * The bytes of one segment as they arrive, from any mix of sources. Peers that asked for the
 * segment read from it while it is still filling, so a segment is relayed onwards before it is
 * complete. Appends never exceed the size limit or the total size once that is known.
 */
export class SegmentBuffer {
  private chunks: Uint8Array[] = [];
  private chunkStarts: number[] = [];
  private listeners = new Set<() => void>();
  private size: number | undefined;
  private count = 0;
  private status: BufferState = "open";

  constructor(private readonly maxSize: number) {}

  static fromData(data: ArrayBuffer): SegmentBuffer {
    const buffer = new SegmentBuffer(Math.max(data.byteLength, 1));
    buffer.setTotalSize(data.byteLength);
    buffer.append(new Uint8Array(data));
    return buffer;
  }

  get totalSize(): number | undefined {
    return this.size;
  }
  get received(): number {
    return this.count;
  }
  get state(): BufferState {
    return this.status;
  }
  get isFull(): boolean {
    return this.size !== undefined && this.count === this.size;
  }

  /** Sets the segment's size once; a different size later is an error (a source disagrees). */
  setTotalSize(size: number): void {
    if (size > this.maxSize) {
      throw new LoaderError("segment-too-large", `${String(size)} bytes > ${String(this.maxSize)}`);
    }
    if (this.size !== undefined && this.size !== size) {
      throw new LoaderError("size-mismatch", `size ${String(size)}, expected ${String(this.size)}`);
    }
    if (size < this.count) {
      throw new LoaderError("size-mismatch", `size ${String(size)} < ${String(this.count)} held`);
    }
    if (this.size === undefined) {
      this.size = size;
      this.notify();
    }
  }

  append(bytes: Uint8Array): void {
    if (this.status !== "open" || bytes.byteLength === 0) return;
    const limit = this.size ?? this.maxSize;
    if (this.count + bytes.byteLength > limit) {
      throw new LoaderError(
        this.size === undefined ? "segment-too-large" : "size-mismatch",
        `more than ${String(limit)} bytes`,
      );
    }
    this.chunkStarts.push(this.count);
    this.chunks.push(bytes);
    this.count += bytes.byteLength;
    this.notify();
  }

  /** Up to `maxLength` bytes starting at `from` (a copy when it spans chunks). */
  read(from: number, maxLength: number): Uint8Array {
    const end = Math.min(this.count, from + maxLength);
    if (from >= end) return new Uint8Array(0);
    let index = this.chunkIndexOf(from);
    const first = this.chunks[index];
    const firstStart = this.chunkStarts[index] ?? 0;
    if (first && firstStart + first.byteLength >= end) {
      return first.subarray(from - firstStart, end - firstStart);
    }
    const out = new Uint8Array(end - from);
    let written = 0;
    while (written < out.byteLength) {
      const chunk = this.chunks[index];
      const start = this.chunkStarts[index] ?? 0;
      if (!chunk) break;
      const slice = chunk.subarray(from + written - start, Math.min(chunk.byteLength, end - start));
      out.set(slice, written);
      written += slice.byteLength;
      index++;
    }
    return out;
  }

  /** Marks the buffer complete and returns its bytes as one ArrayBuffer. */
  finish(): ArrayBuffer {
    const whole = this.read(0, this.count);
    const data =
      whole.byteOffset === 0 && whole.byteLength === whole.buffer.byteLength
        ? (whole.buffer as ArrayBuffer)
        : whole.slice().buffer;
    this.chunks = [new Uint8Array(data)];
    this.chunkStarts = [0];
    this.size ??= this.count;
    this.status = "complete";
    this.notify();
    return data;
  }

  /** Ends the buffer without data: readers stop and report the source gone. */
  fail(): void {
    if (this.status !== "open") return;
    this.status = "failed";
    this.chunks = [];
    this.chunkStarts = [];
    this.count = 0;
    this.notify();
    this.listeners.clear();
  }

  /** Called on every size, data or state change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private chunkIndexOf(offset: number): number {
    let low = 0;
    let high = this.chunkStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.chunkStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
