import debugFactory from "debug";
import type { InterceptedRequest, SegmentMatch } from "../segment-source";
import { parseDash } from "./dash-parse";
import { detectManifest, isManifestCandidate, type ManifestKind } from "./detect";
import { ManifestError } from "./errors";
import { parseHls, type HlsMaster, type HlsVariant } from "./hls-parse";
import { dashVariantKey, hlsVariantKey, swarmIdOf } from "./identity";
import type { ParsedTrack } from "./model";
import { StreamStore, type Stream, type StreamInfo } from "./stream-store";
import type { TimedSegment } from "./stream-timeline";
import { UrlIndex } from "./url-index";
import { headerRangeKey, parseUrl, stableKey, type ByteRange } from "./url-key";

const debug = debugFactory("p2pv:hook");

/** A manifest that was understood: its format and the swarms it fed. */
export interface ObservedManifest {
  kind: ManifestKind;
  /** "master" for an HLS multivariant playlist (no segments, only swarm names). */
  role: "master" | "media" | "mpd";
  swarmIds: string[];
}

/** One segment the engine may fetch ahead, most urgent first. */
export interface UpcomingSegment {
  segmentId: string;
  url: string;
  range: ByteRange | undefined;
  /** Seconds. */
  duration: number;
  /** Seconds on the player's timeline (see StreamTimeline). */
  start: number;
  /** 0 = needed next, then 1, 2, ... */
  priority: number;
  /** HLS AES-128 (MediaSegment.encrypted). */
  encrypted?: true;
  init: { segmentId: string; url: string; range: ByteRange | undefined } | undefined;
}

export interface StreamRegistryOptions {
  /** Cap of remembered segments per live swarm (default 1000). */
  maxSegmentsPerStream?: number;
  /** Wall clock in ms, for live DASH `@duration` templates (default Date.now). */
  now?: () => number;
}

/** Where an HLS variant's playlist belongs: its master and its key there. */
interface VariantContext {
  masterUrl: URL;
  key: string;
  variant: HlsVariant;
}

/**
 * The stream model of one page: every manifest the page loads goes in through observeManifest(),
 * every request it makes is checked with match(). Several streams at once, masters before or
 * after their media playlists, live refreshes: all land in the right swarm. Nothing here throws.
 */
export class StreamRegistry {
  private readonly store: StreamStore;
  /** Two contexts are the same target when they name the same swarm. */
  private readonly variants = new UrlIndex<VariantContext>(
    (a, b) => a.key === b.key && stableKey(a.masterUrl) === stableKey(b.masterUrl),
  );
  private readonly playlists = new UrlIndex<Stream>();
  private readonly now: () => number;

  constructor(options: StreamRegistryOptions = {}) {
    this.store = new StreamStore(options.maxSegmentsPerStream ?? 1000);
    this.now = options.now ?? Date.now;
  }

  /** Synchronous and cheap: see detect.ts. */
  isManifestCandidate(url: string, contentType: string | null): boolean {
    return isManifestCandidate(url, contentType);
  }

  /**
   * Takes in a manifest response. Returns what it fed, or a ManifestError (also logged under
   * "p2pv:hook"); never throws, whatever the text.
   */
  observeManifest(
    url: string,
    contentType: string | null,
    text: string,
  ): ObservedManifest | ManifestError {
    let result: ObservedManifest | ManifestError;
    try {
      result = this.observe(url, contentType, text);
    } catch (error) {
      result = new ManifestError("parse-failed", "unexpected failure", { cause: error });
    }
    if (result instanceof ManifestError) debug("manifest %s ignored: %s", url, result.message);
    return result;
  }

  /**
   * The segment a request asks for, if any: GET only; the URL exactly, else without known
   * tokens, else also without host (see UrlIndex); a Range header must name the segment's byte
   * range exactly. O(1): Map lookups.
   */
  match(request: InterceptedRequest): SegmentMatch | undefined {
    if (this.store.segments.size === 0 || request.method.toUpperCase() !== "GET") return undefined;
    const range = headerRangeKey(request.range);
    const url = range === undefined ? undefined : parseUrl(request.url);
    if (range === undefined || url === undefined) return undefined;
    const entry = this.store.segments.find(url, range);
    if (entry === undefined) return undefined;
    return {
      swarmId: entry.stream.info.swarmId,
      segmentId: entry.segmentId,
      ...(entry.size === undefined ? {} : { size: entry.size }),
      deadlineMs: entry.deadlineMs,
    };
  }

  /** Every swarm seen on the page. */
  streams(): StreamInfo[] {
    return [...this.store.streams.values()].map((stream) => stream.info);
  }

  /** What is known about one swarm, or undefined for a swarm never seen. */
  info(swarmId: string): StreamInfo | undefined {
    return this.store.streams.get(swarmId)?.info;
  }

  /** One media segment of a swarm by id, with its start (not init or side segments). O(1). */
  segment(swarmId: string, segmentId: string): TimedSegment | undefined {
    return this.store.streams.get(swarmId)?.timeline.get(segmentId);
  }

  /** A swarm's media segments in order, with start times (empty for an unknown swarm). */
  segments(swarmId: string): readonly TimedSegment[] {
    return this.store.streams.get(swarmId)?.timeline.segments ?? [];
  }

  /** The segment playing at `position` (a media element's currentTime), if known. */
  segmentAt(swarmId: string, position: number): TimedSegment | undefined {
    return this.store.streams.get(swarmId)?.timeline.at(position);
  }

  /**
   * The next `count` segments: after the segment `from` (an id), or from the one playing at
   * `from` (seconds) on. Priority 0 is the first of them.
   */
  upcoming(swarmId: string, from: string | number, count: number): UpcomingSegment[] {
    const timeline = this.store.streams.get(swarmId)?.timeline;
    if (timeline === undefined) return [];
    let first: number | undefined;
    if (typeof from === "number") {
      first = timeline.indexAt(from);
    } else {
      const current = timeline.get(from);
      first = current === undefined ? undefined : timeline.indexOf(current.order) + 1;
    }
    if (first === undefined) return [];
    return timeline.segments.slice(first, first + Math.max(count, 0)).map((segment, priority) => ({
      segmentId: segment.id,
      url: segment.url,
      range: segment.range,
      duration: segment.duration,
      start: segment.start,
      priority,
      ...(segment.encrypted ? { encrypted: true as const } : {}),
      init:
        segment.init === undefined
          ? undefined
          : { segmentId: segment.init.id, url: segment.init.url, range: segment.init.range },
    }));
  }

  private observe(
    url: string,
    contentType: string | null,
    text: string,
  ): ObservedManifest | ManifestError {
    const kind = detectManifest(url, contentType, text);
    if (kind === undefined) return new ManifestError("not-a-manifest", "no HLS or DASH signature");
    const base = parseUrl(url);
    if (base === undefined)
      return new ManifestError("parse-failed", "manifest URL is not absolute");
    if (kind === "dash") return this.observeDash(base, text);
    const parsed = parseHls(base.href, text);
    if (parsed instanceof ManifestError) return parsed;
    if (parsed.type === "master") return this.observeMaster(base, parsed);
    return this.observeMedia(base, parsed.track);
  }

  private observeMaster(masterUrl: URL, master: HlsMaster): ObservedManifest {
    const swarmIds: string[] = [];
    for (const variant of master.variants) {
      const context: VariantContext = { masterUrl, key: hlsVariantKey(variant), variant };
      this.variants.add(variant.url, "", context);
      const swarmId = swarmIdOf("hls", masterUrl, context.key);
      swarmIds.push(swarmId);
      // The media playlist came first (a player that skipped the master, a late hook): rename.
      const known = this.playlists.find(variant.url, "");
      if (known !== undefined) this.store.rename(known, swarmId);
    }
    return { kind: "hls", role: "master", swarmIds: [...new Set(swarmIds)] };
  }

  private observeMedia(playlistUrl: URL, track: ParsedTrack): ObservedManifest {
    const context = this.variants.find(playlistUrl, "");
    const variant = context?.variant;
    const info: StreamInfo = {
      swarmId:
        context === undefined
          ? swarmIdOf("hls", playlistUrl, "media")
          : swarmIdOf("hls", context.masterUrl, context.key),
      kind: "hls",
      trackType: variant?.trackType ?? "main",
      live: track.live,
      targetDuration: track.targetDuration,
      ...definedOnly({
        bandwidth: variant?.bandwidth,
        width: variant?.width,
        height: variant?.height,
        codecs: variant?.codecs,
        language: variant?.language,
      }),
    };
    const stream = this.store.upsert(info, track);
    this.playlists.add(playlistUrl, "", stream);
    return { kind: "hls", role: "media", swarmIds: [info.swarmId] };
  }

  private observeDash(mpdUrl: URL, text: string): ObservedManifest | ManifestError {
    const parsed = parseDash(mpdUrl.href, text, this.now());
    if (parsed instanceof ManifestError) return parsed;
    const swarmIds = parsed.representations.map((representation) => {
      const info: StreamInfo = {
        swarmId: swarmIdOf("dash", mpdUrl, dashVariantKey(representation.type, representation.id)),
        kind: "dash",
        trackType: representation.type,
        live: parsed.live,
        targetDuration: representation.track.targetDuration,
        ...definedOnly({
          bandwidth: representation.bandwidth,
          width: representation.width,
          height: representation.height,
          codecs: representation.codecs,
        }),
      };
      this.store.upsert(info, representation.track);
      return info.swarmId;
    });
    return { kind: "dash", role: "mpd", swarmIds };
  }
}

/** The object without its undefined properties (exactOptionalPropertyTypes-friendly). */
function definedOnly<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
