import { Segment } from "../core/segment.js";

export type StreamMode = "vod" | "live";

export interface StreamOptions {
  mode: StreamMode;
  segmentSeconds: number;
  /** Real bitrate (bits/s); segment sizes follow from it and the byte scale. */
  bitrate: number;
  /** Simulated bytes are real bytes / scale (payloads, bandwidths and message sizes alike). */
  scale: number;
  /** Segments in the stream (VOD), or published over the run (live). */
  segments: number;
  /** Live: segments in the playlist window; this many are out when the run starts. */
  liveWindow: number;
}

/**
 * The content: VOD (every segment there from the start) or live (one segment published every
 * segment duration, a sliding window of them listed). Segment bytes are made from the index, so
 * any copy can be checked against the origin's.
 */
export class SimStream {
  readonly segmentBytes: number;
  readonly swarmId: string;

  constructor(readonly options: StreamOptions) {
    this.segmentBytes = Math.round((options.bitrate / 8) * options.segmentSeconds) / options.scale;
    this.segmentBytes = Math.max(1, Math.round(this.segmentBytes));
    this.swarmId = `sim-${options.mode}`;
  }

  get count(): number {
    return this.options.segments;
  }
  get durationMs(): number {
    return this.options.segmentSeconds * 1000;
  }

  id(index: number): string {
    return `seg-${String(index)}`;
  }

  url(index: number): string {
    return `https://cdn.sim/${this.options.mode}/${String(index)}.ts`;
  }

  segment(index: number, priority: number): Segment {
    return new Segment(this.id(index), this.url(index), undefined, priority);
  }

  indexOf(id: string): number {
    return Number(id.slice(4));
  }

  /** Clock ms at which segment `index` appears at the origin (live), 0 for VOD. */
  publishedAt(index: number): number {
    if (this.options.mode === "vod") return 0;
    return (index + 1 - this.options.liveWindow) * this.durationMs;
  }

  /** The newest segment listed at clock time `now`, or -1. */
  newestAt(now: number): number {
    if (this.options.mode === "vod") return this.count - 1;
    const newest = Math.floor(now / this.durationMs) + this.options.liveWindow - 1;
    return Math.min(newest, this.count - 1);
  }

  /** Where a viewer joining at `now` starts: the beginning, or 3 segments from the live edge. */
  startIndex(now: number): number {
    if (this.options.mode === "vod") return 0;
    return Math.max(0, this.newestAt(now) - 2);
  }

  bytes(index: number): Uint8Array {
    const bytes = new Uint8Array(this.segmentBytes);
    let state = (index + 1) * 2654435761;
    for (let at = 0; at < bytes.length; at++) {
      state = (state * 1103515245 + 12345) >>> 0;
      bytes[at] = state >>> 24;
    }
    return bytes;
  }
}
