/**
 * Startup time and stalls of one media element, from its own events, so every arm of the
 * benchmark can measure playback the same way whatever loads the bytes:
 * - first frame: ms from `startedAt` (when the page asked to play) to the first frame the element
 *   presented (`requestVideoFrameCallback`, or the first `playing` event where that is missing);
 * - a stall: `waiting` after the first frame, until `playing` again (or `ended`). A stall still
 *   open when the report is read counts up to that moment. A `waiting` within END_SLACK_S of the
 *   end is the end of the stream, not a stall.
 */

export interface MediaTiming {
  /** Undefined while no frame has been shown. */
  firstFrameMs: number | undefined;
  stalls: number;
  stallMs: number;
}

/** The parts of HTMLVideoElement this reads. */
export interface WatchedMedia {
  currentTime: number;
  duration: number;
  addEventListener(type: string, listener: () => void): void;
  requestVideoFrameCallback?: (callback: () => void) => number;
}

/** Seconds before the end where `waiting` means the stream ran out, not a stall. */
const END_SLACK_S = 0.25;

export function watchMedia(
  media: WatchedMedia,
  startedAt: number,
  now: () => number = () => performance.now(),
): { report(): MediaTiming } {
  const timing: MediaTiming = { firstFrameMs: undefined, stalls: 0, stallMs: 0 };
  let stalledSince: number | undefined;
  const firstFrame = () => {
    timing.firstFrameMs ??= now() - startedAt;
  };
  if (typeof media.requestVideoFrameCallback === "function") {
    media.requestVideoFrameCallback(firstFrame);
  } else {
    media.addEventListener("playing", firstFrame);
  }
  const endStall = () => {
    if (stalledSince === undefined) return;
    timing.stallMs += now() - stalledSince;
    stalledSince = undefined;
  };
  media.addEventListener("waiting", () => {
    if (timing.firstFrameMs === undefined || stalledSince !== undefined) return;
    if (media.duration - media.currentTime <= END_SLACK_S) return;
    stalledSince = now();
    timing.stalls++;
  });
  media.addEventListener("playing", endStall);
  media.addEventListener("ended", endStall);
  return {
    report: () => ({
      ...timing,
      stallMs: timing.stallMs + (stalledSince === undefined ? 0 : now() - stalledSince),
    }),
  };
}
