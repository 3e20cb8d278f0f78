/**
 * How soon a viewer reconnects to a WebTorrent tracker that was unreachable or dropped it.
 *
 * bittorrent-tracker 11.2's WebSocketTracker waits 10 s x 2^retries plus a random 0-300 s before
 * each new attempt: a viewer that started while its tracker was down, or whose tracker restarted,
 * found no peers for 10 s to 5 min (2.6 min on average) after the tracker came back, and got
 * slower with every failed attempt. Peers already connected keep their data channels meanwhile;
 * what is lost is finding new ones.
 *
 * Here the wait starts at RECONNECT_MIN_MS and doubles per failed attempt up to RECONNECT_MAX_MS,
 * each wait drawn from 50-150 % of that so that the viewers a tracker dropped at once (a restart)
 * come back spread over a window instead of together.
 */

export const RECONNECT_MIN_MS = 2000;
export const RECONNECT_MAX_MS = 60_000;

/** The wait before attempt `retries + 1` (retries: failed attempts since the last connect). */
export function reconnectDelay(retries: number, random: () => number): number {
  const base = Math.min(RECONNECT_MIN_MS * 2 ** Math.max(0, retries), RECONNECT_MAX_MS);
  return Math.round(base * (0.5 + random()));
}

/**
 * The fields of bittorrent-tracker's WebSocketTracker (lib/client/websocket-tracker.js, 11.2.x)
 * that its own `_startReconnectTimer` uses; the replacement below keeps its contract (the
 * socket's close and error handlers call it after destroying the tracker; `_openSocket` opens a
 * new socket and re-announces on connect; a connect resets `retries`). It also stops a client
 * that left its swarm from coming back (see below).
 */
interface ReconnectingTracker {
  reconnecting: boolean;
  retries: number;
  reconnectTimer: ReturnType<typeof setTimeout> | null;
  _openSocket(): void;
  _startReconnectTimer(): void;
}

const isReconnectingTracker = (tracker: unknown): tracker is ReconnectingTracker => {
  const candidate = tracker as Partial<ReconnectingTracker> | null;
  return (
    typeof candidate?._startReconnectTimer === "function" &&
    typeof candidate._openSocket === "function" &&
    typeof candidate.retries === "number"
  );
};

/**
 * Gives each WebSocket tracker of a bittorrent-tracker Client the reconnect waits above. Returns
 * how many trackers it changed (0 if the library's internals are not as expected: then its own
 * waits stay, which are slow but correct).
 */
export function quickenReconnects(
  client: { _trackers?: unknown[]; destroyed?: boolean },
  random: () => number = Math.random,
): number {
  let changed = 0;
  for (const tracker of client._trackers ?? []) {
    if (!isReconnectingTracker(tracker)) continue;
    tracker._startReconnectTimer = () => {
      tracker.reconnecting = true;
      if (tracker.reconnectTimer !== null) clearTimeout(tracker.reconnectTimer);
      const timer = setTimeout(
        () => {
          // The library's destroy() skips a tracker that is waiting to reconnect, so a client that
          // left its swarm meanwhile would otherwise open a socket and announce again.
          if (client.destroyed === true) return;
          tracker.retries++;
          tracker._openSocket();
        },
        reconnectDelay(tracker.retries, random),
      );
      // As the library does: in Node a pending reconnect does not keep the process alive.
      (timer as { unref?: () => void }).unref?.();
      tracker.reconnectTimer = timer;
    };
    changed++;
  }
  return changed;
}
