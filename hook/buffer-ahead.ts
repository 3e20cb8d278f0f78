/**
 * How much media the page's players hold ahead of their playheads, read from the media
 * elements themselves (buffered ranges and currentTime). The hook uses it to tell a segment the
 * player needs next (nothing much buffered: answer fast, from the network if the engine cannot)
 * from one it asks for ahead of time (a few seconds buffered: it may wait a little for peers).
 */

/** Elements without metadata yet are not playing anything this could measure. */
const HAVE_METADATA = 1;

/** Seconds buffered past `currentTime` in the range that contains it (0 if none). */
export function aheadOf(media: Pick<HTMLMediaElement, "buffered" | "currentTime">): number {
  const { buffered, currentTime } = media;
  for (let index = 0; index < buffered.length; index++) {
    // A small gap before the playhead (rounding at a segment edge) still counts as inside.
    if (buffered.start(index) <= currentTime + 0.1 && currentTime < buffered.end(index)) {
      return buffered.end(index) - currentTime;
    }
  }
  return 0;
}

/**
 * The smallest lead among the document's media elements that have metadata: with two players
 * the hook cannot tell which one asked, so it assumes the hungrier. 0 when none has metadata
 * (the player is starting) or anything goes wrong: that reads as "needed now", today's default.
 */
export function bufferedAhead(doc: Document): number {
  try {
    let least = Number.POSITIVE_INFINITY;
    for (const media of doc.querySelectorAll("video, audio")) {
      if (!(media instanceof HTMLMediaElement) || media.readyState < HAVE_METADATA) continue;
      least = Math.min(least, aheadOf(media));
    }
    return Number.isFinite(least) ? least : 0;
  } catch {
    return 0;
  }
}
