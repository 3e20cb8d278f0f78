import type { Clock, TimerHandle } from "../core/env.js";
import { Events } from "../core/events.js";
import type { HttpClient } from "../core/http/http-client.js";
import type { HybridLoader } from "../core/hybrid-loader.js";
import { Segment } from "../core/segment.js";
import { QUEUE_AHEAD } from "../hook/request-policy.js";
import { deadlineFor } from "../hook/stream/identity.js";
import type { SimStream } from "./stream.js";

/** hls.js's maxBufferLength: it requests segments until this much is buffered ahead. */
export const MAX_BUFFER_MS = 30_000;
/** Wait before the player asks again for a segment its own request failed to get. */
const RETRY_MS = 1000;

export interface PlayerStats {
  joinedAt: number;
  /** Clock ms from joining to the first frame; undefined until then. */
  startupMs: number | undefined;
  stalls: number;
  stallMs: number;
  /** Segments appended to the buffer. */
  appended: number;
  httpBytes: number;
  p2pBytes: number;
  /** Bytes of the player's own requests after the hook's deadline (the origin's too). */
  fallbackBytes: number;
  fallbacks: number;
  uploadedBytes: number;
  /** Loaded segments whose bytes differed from the origin's. */
  corrupt: number;
}

export interface PlayerHooks {
  /** A segment went into the buffer. */
  onAppend(index: number): void;
  /** The origin's bytes of a URL, to check what the loader delivered. */
  originBytes(url: string): Uint8Array | undefined;
}

/**
 * A viewer's player on virtual time, wired to a HybridLoader the way the extension's page hook
 * wires hls.js to the engine: it requests one segment at a time while less than 30 s is
 * buffered; each request queues that segment at priority 0 and the next 12 listed after it;
 * the request waits for the loader up to the hook's deadline (half a segment, 0.2-2 s), then
 * goes to the origin itself and hands a copy to the loader. Plays at real rate and counts
 * stalls (the playhead at a segment not yet buffered, after the first frame).
 */
export class SimPlayer {
  readonly stats: PlayerStats;
  private playIndex: number;
  private next: number;
  private known: number;
  private requesting = false;
  private playing = false;
  private segmentStartedAt = 0;
  private stalledSince: number | undefined;
  private stopped = false;
  private readonly timers = new Set<TimerHandle>();
  private readonly waiters = new Map<string, () => void>();

  constructor(
    private readonly loader: HybridLoader,
    private readonly stream: SimStream,
    private readonly clock: Clock,
    private readonly http: HttpClient,
    private readonly hooks: PlayerHooks,
  ) {
    const now = clock.now();
    this.playIndex = stream.startIndex(now);
    this.next = this.playIndex;
    this.known = stream.newestAt(now);
    this.stats = {
      joinedAt: now,
      startupMs: undefined,
      stalls: 0,
      stallMs: 0,
      appended: 0,
      httpBytes: 0,
      p2pBytes: 0,
      fallbackBytes: 0,
      fallbacks: 0,
      uploadedBytes: 0,
      corrupt: 0,
    };
    loader.on(Events.SegmentLoaded, (segment) => {
      const origin = hooks.originBytes(segment.url);
      const data = segment.data ? Buffer.from(segment.data) : undefined;
      if (!origin || !data?.equals(origin)) this.stats.corrupt++;
      this.waiters.get(segment.id)?.();
    });
    loader.on(Events.PieceBytesDownloaded, (method, bytes) => {
      if (method === "http") this.stats.httpBytes += bytes;
      else this.stats.p2pBytes += bytes;
    });
    loader.on(Events.PieceBytesUploaded, (_method, bytes) => {
      this.stats.uploadedBytes += bytes;
    });
  }

  start(): void {
    if (this.stream.options.mode === "live") this.refreshPlaylist();
    this.pump();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers.clear();
    if (this.stalledSince !== undefined) this.stats.stallMs += this.clock.now() - this.stalledSince;
    this.stalledSince = undefined;
  }

  private after(ms: number, callback: () => void): void {
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) callback();
    }, ms);
    this.timers.add(timer);
  }

  /** hls.js reloads a live playlist about every target duration and sees what was added. */
  private refreshPlaylist(): void {
    this.after(this.stream.durationMs, () => {
      this.known = this.stream.newestAt(this.clock.now());
      this.pump();
      this.refreshPlaylist();
    });
  }

  private bufferedAheadMs(): number {
    const ahead = (this.next - this.playIndex) * this.stream.durationMs;
    return this.playing ? ahead - (this.clock.now() - this.segmentStartedAt) : ahead;
  }

  /** Requests the next segment if hls.js would now. */
  private pump(): void {
    if (this.stopped || this.requesting) return;
    if (this.next > this.known || this.next >= this.stream.count) return;
    if (this.bufferedAheadMs() >= MAX_BUFFER_MS) return;
    this.requesting = true;
    void this.request(this.next);
  }

  private async request(index: number): Promise<void> {
    const last = Math.min(this.known, this.stream.count - 1, index + QUEUE_AHEAD);
    const queue: Segment[] = [];
    for (let at = index; at <= last; at++) queue.push(this.stream.segment(at, at - index));
    this.loader.load(queue, this.stream.swarmId);
    const fromLoader = await this.fromLoader(index);
    if (this.stopped) return;
    if (!fromLoader && !(await this.fromOrigin(index))) {
      this.after(RETRY_MS, () => void this.request(index));
      return;
    }
    this.append(index);
  }

  /** Waits up to the hook's deadline for the loader to hold the segment. */
  private async fromLoader(index: number): Promise<boolean> {
    const id = this.stream.id(index);
    const arrived = new Promise<boolean>((resolve) => {
      this.waiters.set(id, () => {
        resolve(true);
      });
      this.after(deadlineFor(this.stream.options.segmentSeconds), () => {
        resolve(false);
      });
    });
    const held = await this.loader.getSegment(id);
    const result = held?.data !== undefined || (await arrived);
    this.waiters.delete(id);
    return result;
  }

  /** The player's own request, as the hook lets it go out; the loader gets a copy. */
  private async fromOrigin(index: number): Promise<boolean> {
    const url = this.stream.url(index);
    const chunks: Uint8Array[] = [];
    this.stats.fallbacks++;
    try {
      await this.http.request({
        url,
        range: undefined,
        signal: new AbortController().signal,
        onResponse: () => undefined,
        onChunk: (bytes) => {
          chunks.push(bytes);
          this.stats.fallbackBytes += bytes.byteLength;
        },
      });
    } catch {
      return false;
    }
    if (this.stopped) return false;
    const data = Buffer.concat(chunks);
    const copy = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    void this.loader.addSegment(
      new Segment(this.stream.id(index), url, undefined, 0, { data: copy }),
    );
    return true;
  }

  private append(index: number): void {
    this.requesting = false;
    this.next = index + 1;
    this.stats.appended++;
    this.hooks.onAppend(index);
    if (!this.playing && index === this.playIndex) this.play();
    this.pump();
  }

  private play(): void {
    const now = this.clock.now();
    this.stats.startupMs ??= now - this.stats.joinedAt;
    if (this.stalledSince !== undefined) {
      this.stats.stallMs += now - this.stalledSince;
      this.stalledSince = undefined;
    }
    this.playing = true;
    this.segmentStartedAt = now;
    this.after(this.stream.durationMs, () => {
      this.playing = false;
      this.playIndex++;
      if (this.playIndex >= this.stream.count) return;
      if (this.next > this.playIndex) this.play();
      else {
        this.stalledSince = this.clock.now();
        this.stats.stalls++;
      }
      this.pump();
    });
  }
}
