/**
 * How much media the page's players hold ahead of their playheads, read from the media
 * elements themselves (buffered ranges and currentTime). The hook uses it to tell a segment the
 * player needs next (nothing much buffered: answer fast, from the network if the engine cannot)
 * from one it asks for ahead of time (a few seconds buffered: it may wait a little for peers).
 */

/** Elements without metadata yet are not playing anything this could measure. */
const HAVE_METADATA = 1;

/**
 * How long (wall-clock seconds) what is buffered past `currentTime`, in the range that contains
 * it, lasts at the element's playback rate (0 if nothing is): at 2x, 8 s of media last 4 s.
 */
export function aheadOf(
  media: Pick<HTMLMediaElement, "buffered" | "currentTime" | "playbackRate">,
): number {
  const { buffered, currentTime } = media;
  // Paused or odd rates count as normal speed: the player may resume any moment.
  const rate =
    Number.isFinite(media.playbackRate) && media.playbackRate > 1 ? media.playbackRate : 1;
  for (let index = 0; index < buffered.length; index++) {
    // A small gap before the playhead (rounding at a segment edge) still counts as inside.
    if (buffered.start(index) <= currentTime + 0.1 && currentTime < buffered.end(index)) {
      return (buffered.end(index) - currentTime) / rate;
    }
  }
  return 0;
}

/**
 * The smallest lead (wall-clock s) among the document's media elements that have metadata: with two players
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
