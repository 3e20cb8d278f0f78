import type { ManifestKind } from "./detect";
import { deadlineFor } from "./identity";
import type { InitSegment, MediaSegment, ParsedTrack } from "./model";
import { StreamTimeline } from "./stream-timeline";
import { UrlIndex } from "./url-index";
import { parseUrl, rangeKey } from "./url-key";

/** What is known about one swarm's track besides its segments. */
export interface StreamInfo {
  swarmId: string;
  kind: ManifestKind;
  trackType: "main" | "video" | "audio";
  live: boolean;
  /** Seconds. */
  targetDuration: number;
  bandwidth?: number;
  width?: number;
  height?: number;
  codecs?: string;
  language?: string;
}

/** One swarm: its description, its timeline and the init/side segments it references. */
export interface Stream {
  info: StreamInfo;
  timeline: StreamTimeline;
  /** Init and side (sidx, whole file) segments by id, with their index entries. */
  extras: Map<string, { segment: InitSegment; entry: IndexEntry }>;
  /** Index entries of media segments by id. */
  entries: Map<string, IndexEntry>;
}

/** What the URL index leads to: enough to answer match() without any further lookup. */
export interface IndexEntry {
  stream: Stream;
  segmentId: string;
  size: number | undefined;
  deadlineMs: number;
}

/**
 * The swarms of a page and the URL index of all their segments. Keeps the index in step with
 * each timeline: segments that enter are indexed under their URL and range, segments that leave
 * (or move to another URL) are unindexed, so memory follows the timelines' bounds.
 */
export class StreamStore {
  readonly streams = new Map<string, Stream>();
  /** Two entries are the same target when they name the same segment of the same stream. */
  readonly segments = new UrlIndex<IndexEntry>(
    (a, b) => a.stream === b.stream && a.segmentId === b.segmentId,
  );

  constructor(private readonly maxSegmentsPerStream: number) {}

  /** The stream of `info.swarmId`, created if new; its description is refreshed. */
  upsert(info: StreamInfo, track: ParsedTrack): Stream {
    let stream = this.streams.get(info.swarmId);
    if (stream === undefined) {
      stream = {
        info,
        timeline: new StreamTimeline(this.maxSegmentsPerStream),
        extras: new Map(),
        entries: new Map(),
      };
      this.streams.set(info.swarmId, stream);
    }
    stream.info = { ...info, live: track.live, targetDuration: track.targetDuration };
    const change = stream.timeline.update(track);
    for (const segment of change.removed) this.unindexMedia(stream, segment);
    for (const segment of change.added) this.indexMedia(stream, segment);
    this.syncExtras(stream, track);
    return stream;
  }

  /** Moves a stream to another swarm id (its master playlist was seen after it). */
  rename(stream: Stream, swarmId: string): void {
    if (stream.info.swarmId === swarmId) return;
    this.streams.delete(stream.info.swarmId);
    stream.info = { ...stream.info, swarmId };
    this.streams.set(swarmId, stream);
  }

  private indexMedia(stream: Stream, segment: MediaSegment): void {
    const url = parseUrl(segment.url);
    if (url === undefined) return;
    const entry: IndexEntry = {
      stream,
      segmentId: segment.id,
      size: segment.range?.length,
      deadlineMs: deadlineFor(segment.duration),
    };
    stream.entries.set(segment.id, entry);
    this.segments.add(url, rangeKey(segment.range), entry);
  }

  private unindexMedia(stream: Stream, segment: MediaSegment): void {
    const entry = stream.entries.get(segment.id);
    const url = parseUrl(segment.url);
    if (entry === undefined || url === undefined) return;
    this.segments.remove(url, rangeKey(segment.range), entry);
    // A rotated URL re-adds the same id right after; only drop the entry if it is still this one.
    stream.entries.delete(segment.id);
  }

  /** Indexes the init and side segments in use, and forgets those no longer referenced. */
  private syncExtras(stream: Stream, track: ParsedTrack): void {
    const wanted = new Map<string, InitSegment>();
    for (const segment of stream.timeline.segments) {
      if (segment.init !== undefined) wanted.set(segment.init.id, segment.init);
    }
    for (const side of track.side) wanted.set(side.id, side);
    for (const [id, extra] of stream.extras) {
      const next = wanted.get(id);
      if (next?.url === extra.segment.url) continue;
      const url = parseUrl(extra.segment.url);
      if (url !== undefined) this.segments.remove(url, rangeKey(extra.segment.range), extra.entry);
      stream.extras.delete(id);
    }
    for (const [id, segment] of wanted) {
      const url = parseUrl(segment.url);
      if (stream.extras.has(id) || url === undefined) continue;
      const entry: IndexEntry = {
        stream,
        segmentId: id,
        size: segment.range?.length,
        deadlineMs: deadlineFor(track.targetDuration),
      };
      stream.extras.set(id, { segment, entry });
      this.segments.add(url, rangeKey(segment.range), entry);
    }
  }
}
