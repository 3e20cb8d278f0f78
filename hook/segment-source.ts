/**
 * The seam between the page hook's network interception (hook/intercept/) and everything that
 * knows about streams and the engine (hook/stream/ and the engine client). The interceptors only
 * ever talk to a SegmentSource; tests give them a fake one.
 */

/** A request the hook recognised as a segment of a known stream. */
export interface SegmentMatch {
  /** The swarm of this stream variant: the same for every viewer, whatever their URL tokens. */
  swarmId: string;
  /** The segment within the swarm; a byte range is part of it. */
  segmentId: string;
  /** Expected body size, when the manifest says (byte-range segments). */
  size?: number;
  /**
   * How long the hook may wait for the engine before the request goes to the network (ms); 0:
   * the engine cannot answer in time (still starting), so it is not asked at all.
   */
  deadlineMs: number;
}

export interface InterceptedRequest {
  /** Absolute URL. */
  url: string;
  method: string;
  /** The Range header, if the player sent one. */
  range: string | undefined;
}

export interface SegmentSource {
  /** Synchronous and cheap: called for every fetch/XHR the page makes. */
  match(request: InterceptedRequest): SegmentMatch | undefined;
  /**
   * The segment's bytes from the engine if it has them or gets them before `signal` aborts;
   * undefined means "go to the network". Must never reject.
   */
  fromEngine(match: SegmentMatch, signal: AbortSignal): Promise<ArrayBuffer | undefined>;
  /**
   * A matched request the engine missed goes to the network after all (the engine must not fetch
   * it too). Not called for one whose deadline was 0 (the page fetched it at once).
   */
  toNetwork(match: SegmentMatch): void;
  /** The bytes the network delivered for a matched request, for the engine to cache and share. */
  fromNetwork(match: SegmentMatch, bytes: ArrayBuffer): void;
  /** Synchronous and cheap: might this response be an HLS playlist or a DASH manifest? */
  isManifestCandidate(url: string, contentType: string | null): boolean;
  /** The text of a response that isManifestCandidate() accepted (read from a clone). */
  observeManifest(url: string, contentType: string | null, text: string): void;
}
