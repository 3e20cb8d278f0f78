/**
 * A live HLS stream made from a VOD one: the media playlist a live origin would publish at a
 * given moment. Segments are published one by one as wall-clock time passes (each after its own
 * duration), the playlist lists the last `windowSegments` of them with EXT-X-MEDIA-SEQUENCE
 * advancing, and once every segment is out it ends with EXT-X-ENDLIST (the live event is over and
 * players play to its end). Pure: the clock reading comes in as an argument.
 */

export interface LiveSegment {
  /** URI as the playlist lists it (relative to the playlist). */
  uri: string;
  duration: number;
}

export interface LiveWindowOptions {
  segments: readonly LiveSegment[];
  /** Segments listed at once (the sliding window). */
  windowSegments: number;
  /** Segments already published when the stream starts (so the first viewer has a window). */
  initialSegments: number;
}

/** How many segments are published `elapsedMs` after the stream started. */
export function publishedCount(options: LiveWindowOptions, elapsedMs: number): number {
  const { segments } = options;
  const initial = Math.min(options.initialSegments, segments.length);
  let count = initial;
  let due = 0;
  while (count < segments.length) {
    due += (segments[count]?.duration ?? 0) * 1000;
    if (due > elapsedMs) break;
    count++;
  }
  return count;
}

/** The media playlist at `elapsedMs` after the stream started. */
export function livePlaylist(options: LiveWindowOptions, elapsedMs: number): string {
  const { segments } = options;
  const published = publishedCount(options, elapsedMs);
  const first = Math.max(0, published - options.windowSegments);
  const listed = segments.slice(first, published);
  const target = Math.ceil(Math.max(1, ...segments.map((segment) => segment.duration)));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${String(target)}`,
    `#EXT-X-MEDIA-SEQUENCE:${String(first)}`,
    ...listed.flatMap((segment) => [`#EXTINF:${segment.duration.toFixed(6)},`, segment.uri]),
  ];
  if (published === segments.length) lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}
