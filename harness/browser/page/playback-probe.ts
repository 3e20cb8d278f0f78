/**
 * Browser side, injected into every viewer page before its own scripts (Playwright's
 * addInitScript), whatever plays there: the extension's page, the baseline page, or a page with
 * another P2P loader. It watches the page's media element through capturing listeners and the
 * page's own network traffic through resource timing, and answers `window.__probe.snapshot()`:
 *   - first frame: ms from `__probe.start()` (the runner calls it just before asking the page
 *     to play) to the element's first `playing` event;
 *   - stalls: after the first frame, each `waiting` opens a stall and `playing` (or the end)
 *     closes it; count and total ms (an open stall counts up to now). A `waiting` within
 *     END_SLACK_S of the end is the stream ending, not a stall;
 *   - position, duration, ended, and media errors;
 *   - bytes of media segments the page itself fetched from the network (segments the extension
 *     answers never reach the network from the page, so they are not counted here).
 */

export interface ProbeSnapshot {
  started: boolean;
  firstFrameMs: number | null;
  stalls: number;
  stallMs: number;
  position: number;
  duration: number;
  ended: boolean;
  errors: string[];
  /** Body bytes of segment files (.ts, .m4s, .mp4, .aac) the page fetched itself. */
  pageSegmentBytes: number;
}

const SEGMENT = /\.(ts|m4s|mp4|aac)(\?|#|$)/;
const END_SLACK_S = 0.5;

const state = {
  startedAt: undefined as number | undefined,
  firstFrameAt: undefined as number | undefined,
  stalls: 0,
  stallMs: 0,
  stallSince: undefined as number | undefined,
  ended: false,
  errors: [] as string[],
  pageSegmentBytes: 0,
  media: undefined as HTMLMediaElement | undefined,
};

const closeStall = (now: number) => {
  if (state.stallSince === undefined) return;
  state.stallMs += now - state.stallSince;
  state.stallSince = undefined;
};

const listen = (type: string, handler: (media: HTMLMediaElement, now: number) => void) => {
  document.addEventListener(
    type,
    (event) => {
      const media = event.target;
      if (!(media instanceof HTMLMediaElement)) return;
      state.media ??= media;
      if (media !== state.media) return;
      handler(media, performance.now());
    },
    true,
  );
};

listen("playing", (_media, now) => {
  state.firstFrameAt ??= now;
  closeStall(now);
});
listen("waiting", (media, now) => {
  if (state.firstFrameAt === undefined || state.ended || media.ended) return;
  if (media.duration - media.currentTime < END_SLACK_S) return;
  if (state.stallSince !== undefined) return;
  state.stallSince = now;
  state.stalls++;
});
listen("ended", (_media, now) => {
  state.ended = true;
  closeStall(now);
});
listen("error", (media) => {
  state.errors.push(`media:${String(media.error?.code)}:${media.error?.message ?? ""}`);
});

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const resource = entry as PerformanceResourceTiming;
    if (SEGMENT.test(new URL(resource.name).pathname)) {
      state.pageSegmentBytes += resource.encodedBodySize;
    }
  }
}).observe({ type: "resource", buffered: true });

const probe = {
  start(): void {
    state.startedAt = performance.now();
  },
  snapshot(): ProbeSnapshot {
    const now = performance.now();
    const media = state.media ?? document.querySelector("video") ?? undefined;
    const open = state.stallSince === undefined ? 0 : now - state.stallSince;
    return {
      started: state.startedAt !== undefined,
      firstFrameMs:
        state.firstFrameAt === undefined || state.startedAt === undefined
          ? null
          : Math.max(0, state.firstFrameAt - state.startedAt),
      stalls: state.stalls,
      stallMs: state.stallMs + open,
      position: media?.currentTime ?? 0,
      duration: media?.duration ?? 0,
      ended: state.ended,
      errors: [...state.errors],
      pageSegmentBytes: state.pageSegmentBytes,
    };
  },
};

declare global {
  interface Window {
    __probe: typeof probe;
  }
}
window.__probe = probe;
