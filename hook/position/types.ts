/**
 * What the page hook knows about the player's position, as plain data: the seam between the
 * media watch (hook/media/, which reads the page's media element and SourceBuffers) and the queue
 * planning (hook/position/, pure) and the page's SegmentSource (hook/page-source.ts).
 */

/** One buffered range in seconds on the media timeline: [start, end). */
export type TimeRange = readonly [start: number, end: number];

/** The playhead of one media element and what is buffered for one of its tracks. */
export interface PlayerPosition {
  /** HTMLMediaElement.currentTime, seconds. */
  currentTime: number;
  paused: boolean;
  /** HTMLMediaElement.playbackRate (how fast the buffer drains). */
  playbackRate: number;
  /** The track's buffered ranges, in order. */
  buffered: readonly TimeRange[];
}

/**
 * Which buffer a swarm's segments land in: the SourceBuffer of that content type, or "media"
 * (the element's own buffered ranges, the intersection of all its SourceBuffers) for a swarm
 * that carries audio and video together (an HLS variant of muxed MPEG-TS).
 */
export type BufferKind = "video" | "audio" | "media";

/** The player's position as the media watch sees it now. */
export interface PlayerView {
  /**
   * The position for segments that land in `kind`, or undefined when the hook cannot tell: no
   * MediaSource seen, no SourceBuffer of that kind, several media elements playing from
   * MediaSources at once, or an element with MediaKeys.
   */
  positionOf(kind: BufferKind): PlayerPosition | undefined;
}

/** What the media watch tells the page's SegmentSource. */
export interface MediaObserver {
  /**
   * The position may have moved. `urgent` for a seek (the queue must follow at once); otherwise
   * (timeupdate, rate change, pause/play, an append) the receiver may throttle.
   */
  mediaChanged(view: PlayerView, urgent: boolean): void;
  /** A media element in this frame started playing (its `playing` event; told each time). */
  mediaPlaying(): void;
  /** A media element in this frame uses EME (MediaKeys set, or an `encrypted` event). */
  mediaProtected(): void;
  /**
   * The page opened a WebRTC data channel: the way page-side P2P loaders (P2P Media Loader,
   * PeerTube, WebTorrent) exchange segments. Calls and other media-only WebRTC open none.
   */
  pagePeerToPeer(): void;
  /**
   * An element of the frame plays a MediaSourceHandle: the player runs MediaSource, and fetches,
   * in a dedicated worker, where the page hook does not reach.
   */
  workerPlayer(): void;
}
