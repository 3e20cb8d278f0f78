/** Fields of a Segment beyond the four the seed's example passes positionally. */
export interface SegmentFields {
  masterSwarmId?: string;
  masterManifestUri?: string;
  streamId?: string;
  sequence?: string;
  data?: ArrayBuffer;
  downloadSpeed?: number;
  requestUrl?: string;
  responseUrl?: string;
}

/**
 * A media segment, as in p2p-media-loader-core 0.6.2.
 * `new Segment(id, url, range, priority)` is the seed's positional form; the other fields come in
 * an optional object.
 */
export class Segment {
  /** Unique across peers of a swarm: equal to the URL only if that is the same for all viewers. */
  readonly id: string;
  readonly url: string;
  /** A valid HTTP Range header value (`bytes=a-b`) or undefined for the whole resource. */
  readonly range: string | undefined;
  /** Non-negative integer; lower is more urgent, 0 is what the player needs next. */
  priority: number;
  masterSwarmId: string | undefined;
  masterManifestUri: string | undefined;
  streamId: string | undefined;
  sequence: string;
  /** Present once the segment is fully loaded. */
  data: ArrayBuffer | undefined;
  /** Bytes per millisecond of the download that delivered `data`, or 0. */
  downloadSpeed: number;
  requestUrl: string | undefined;
  responseUrl: string | undefined;

  constructor(id: string, url: string, range?: string, priority = 0, fields: SegmentFields = {}) {
    this.id = id;
    this.url = url;
    this.range = range;
    this.priority = priority;
    this.masterSwarmId = fields.masterSwarmId;
    this.masterManifestUri = fields.masterManifestUri;
    this.streamId = fields.streamId;
    this.sequence = fields.sequence ?? id;
    this.data = fields.data;
    this.downloadSpeed = fields.downloadSpeed ?? 0;
    this.requestUrl = fields.requestUrl;
    this.responseUrl = fields.responseUrl;
  }
}

/** A copy of `segment` with the given fields replaced (segments handed out are never shared). */
export function cloneSegment(segment: Segment, fields: SegmentFields & { priority?: number } = {}) {
  return new Segment(segment.id, segment.url, segment.range, fields.priority ?? segment.priority, {
    masterSwarmId: segment.masterSwarmId,
    masterManifestUri: segment.masterManifestUri,
    streamId: segment.streamId,
    sequence: segment.sequence,
    data: segment.data,
    downloadSpeed: segment.downloadSpeed,
    requestUrl: segment.requestUrl,
    responseUrl: segment.responseUrl,
    ...fields,
  });
}
