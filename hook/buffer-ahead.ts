/**
 * How long what the player holds ahead of its playhead lasts, in playing time (wall-clock s):
 * at 2x, 8 s of media last 4 s. The hook uses it to tell a segment the player needs next (answer
 * fast, from the network if the engine cannot) from one it asks for ahead of time (it may wait a
 * little for peers). From the track's own position when the media watch has one (hook/media/),
 * else from the document's media elements.
 */
import { bufferedEndAt } from "./position/buffered";
import type { PlayerPosition, TimeRange } from "./position/types";

/** Elements without metadata yet are not playing anything this could measure. */
const HAVE_METADATA = 1;

/** Lead of `position` in playing time; paused or odd rates count as normal speed. */
export function leadOf(position: PlayerPosition): number {
  const end = bufferedEndAt(position.buffered, position.currentTime);
  if (end === undefined) return 0;
  const rate =
    Number.isFinite(position.playbackRate) && position.playbackRate > 1 ? position.playbackRate : 1;
  return Math.max(0, end - position.currentTime) / rate;
}

function rangesOf(buffered: TimeRanges): TimeRange[] {
  const ranges: TimeRange[] = [];
  for (let index = 0; index < buffered.length; index++) {
    ranges.push([buffered.start(index), buffered.end(index)]);
  }
  return ranges;
}

/**
 * True when a media element of the document plays (the media watch has no position when several
 * do, or it cannot find the element): false when none does or anything goes wrong.
 */
export function documentPlaying(doc: Document): boolean {
  try {
    for (const media of doc.querySelectorAll("video, audio")) {
      if (media instanceof HTMLMediaElement && !media.paused && !media.ended) return true;
    }
    return false;
  } catch {
    return false;
  }
}

/**
 * The smallest lead among the document's media elements that have metadata: with two players
 * the hook cannot tell which one asked, so it assumes the hungrier. 0 when none has metadata
 * (the player is starting) or anything goes wrong: that reads as "needed now".
 */
export function documentLead(doc: Document): number {
  try {
    let least = Number.POSITIVE_INFINITY;
    for (const media of doc.querySelectorAll("video, audio")) {
      if (!(media instanceof HTMLMediaElement) || media.readyState < HAVE_METADATA) continue;
      const { currentTime, paused, playbackRate } = media;
      least = Math.min(
        least,
        leadOf({ currentTime, paused, playbackRate, buffered: rangesOf(media.buffered) }),
      );
    }
    return Number.isFinite(least) ? least : 0;
  } catch {
    return 0;
  }
}
