import { Events, Segment, type HybridLoader } from "../core/index.js";
import type { StreamSegment } from "./streams.js";
import { sha256 } from "./wait.js";

export interface PlayerOptions {
  swarmId: string;
  /** Playback speed: 2 plays a 1 s segment in 0.5 s. */
  rate: number;
  /** How many segments ahead of the playhead are queued. */
  bufferAhead: number;
}

export interface PlayerReport {
  httpBytes: number;
  p2pBytes: number;
  uploadedBytes: number;
  peers: number;
  stalls: number;
  stallMs: number;
  startupMs: number;
  played: number;
  /** Segments whose bytes differed from the origin's. */
  corrupt: number;
  segmentErrors: number;
}

const TICK_MS = 50;

/**
 * Plays a stream through a HybridLoader the way a player would: queues the segments ahead of the
 * playhead with priorities counted from it, consumes each segment for its duration, and stalls
 * when the next one is missing. Every loaded segment is checked against the origin's bytes.
 */
export class VirtualPlayer {
  readonly report: PlayerReport = {
    httpBytes: 0,
    p2pBytes: 0,
    uploadedBytes: 0,
    peers: 0,
    stalls: 0,
    stallMs: 0,
    startupMs: 0,
    played: 0,
    corrupt: 0,
    segmentErrors: 0,
  };
  private readonly buffered = new Set<string>();
  private readonly hashes: Map<string, string>;
  private playIndex = 0;
  private segmentEndsAt: number | undefined;
  private stalledSince: number | undefined;
  private startedAt = 0;
  private lastQueueKey = "";
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly loader: HybridLoader,
    private readonly baseUrl: string,
    private readonly segments: readonly StreamSegment[],
    private readonly options: PlayerOptions,
  ) {
    this.hashes = new Map(segments.map((segment) => [segment.uri, segment.sha256]));
    loader.on(Events.SegmentLoaded, (segment) => {
      if (sha256(segment.data) === this.hashes.get(segment.id)) this.buffered.add(segment.id);
      else this.report.corrupt++;
    });
    loader.on(Events.SegmentError, () => {
      this.report.segmentErrors++;
    });
    loader.on(Events.PieceBytesDownloaded, (method, bytes) => {
      if (method === "http") this.report.httpBytes += bytes;
      else this.report.p2pBytes += bytes;
    });
    loader.on(Events.PieceBytesUploaded, (_method, bytes) => {
      this.report.uploadedBytes += bytes;
    });
  }

  get position(): number {
    return this.playIndex;
  }

  get finished(): boolean {
    return this.playIndex >= this.segments.length;
  }

  /** Plays to the end; resolves with the report. */
  play(): Promise<PlayerReport> {
    this.startedAt = performance.now();
    this.updateQueue();
    return new Promise((resolve) => {
      this.timer = setInterval(() => {
        this.tick();
        if (this.finished) {
          this.stop();
          resolve(this.report);
        }
      }, TICK_MS);
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const now = performance.now();
    this.report.peers = this.loader.getDetails().connectedPeers;
    if (this.segmentEndsAt !== undefined && now >= this.segmentEndsAt) {
      this.playIndex++;
      this.report.played++;
      this.segmentEndsAt = undefined;
    }
    const current = this.segments[this.playIndex];
    if (current && this.segmentEndsAt === undefined) {
      if (this.buffered.has(current.uri)) {
        if (this.playIndex === 0 && this.report.startupMs === 0) {
          this.report.startupMs = now - this.startedAt;
        }
        if (this.stalledSince !== undefined) {
          this.report.stallMs += now - this.stalledSince;
          this.stalledSince = undefined;
        }
        this.segmentEndsAt = now + (current.duration * 1000) / this.options.rate;
      } else if (this.playIndex > 0 && this.stalledSince === undefined) {
        this.stalledSince = now;
        this.report.stalls++;
      }
    }
    this.updateQueue();
  }

  private updateQueue(): void {
    const playing = this.segmentEndsAt !== undefined;
    const queue: Segment[] = [];
    const last = Math.min(this.segments.length, this.playIndex + 1 + this.options.bufferAhead);
    for (let index = this.playIndex; index < last; index++) {
      const segment = this.segments[index];
      if (!segment || this.buffered.has(segment.uri)) continue;
      const priority = Math.max(0, index - this.playIndex - (playing ? 1 : 0));
      queue.push(new Segment(segment.uri, this.baseUrl + segment.uri, undefined, priority));
    }
    const key = queue.map((segment) => `${segment.id}:${String(segment.priority)}`).join(",");
    if (key === this.lastQueueKey) return;
    this.lastQueueKey = key;
    this.loader.load(queue, this.options.swarmId);
  }
}
