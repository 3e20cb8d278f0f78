import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  quickenReconnects,
  reconnectDelay,
  RECONNECT_MAX_MS,
  RECONNECT_MIN_MS,
} from "./tracker-reconnect.js";

describe("reconnectDelay", () => {
  it("starts at the minimum, doubles per failed attempt and stops at the maximum", () => {
    const middle = () => 0.5;
    expect(reconnectDelay(0, middle)).toBe(RECONNECT_MIN_MS);
    expect(reconnectDelay(1, middle)).toBe(2 * RECONNECT_MIN_MS);
    expect(reconnectDelay(3, middle)).toBe(8 * RECONNECT_MIN_MS);
    expect(reconnectDelay(40, middle)).toBe(RECONNECT_MAX_MS);
  });

  it("spreads each wait over 50-150 % of it", () => {
    expect(reconnectDelay(0, () => 0)).toBe(RECONNECT_MIN_MS / 2);
    expect(reconnectDelay(0, () => 0.999999)).toBe(Math.round(RECONNECT_MIN_MS * 1.499999));
    expect(reconnectDelay(40, () => 0)).toBe(RECONNECT_MAX_MS / 2);
  });
});

/** The fields of bittorrent-tracker's WebSocketTracker that the replacement drives. */
class FakeTracker {
  reconnecting = false;
  retries = 0;
  reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  opened = 0;
  _openSocket(): void {
    this.opened++;
  }
  _startReconnectTimer(): void {
    throw new Error("the library's own wait (10 s + up to 5 min) must not run");
  }
}

describe("quickenReconnects", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reopens the socket after the short wait, counting the attempt", () => {
    const tracker = new FakeTracker();
    const client = { _trackers: [tracker], destroyed: false };
    expect(quickenReconnects(client, () => 0.5)).toBe(1);
    tracker._startReconnectTimer();
    expect(tracker.reconnecting).toBe(true);
    vi.advanceTimersByTime(RECONNECT_MIN_MS - 1);
    expect(tracker.opened).toBe(0);
    vi.advanceTimersByTime(1);
    expect(tracker.opened).toBe(1);
    expect(tracker.retries).toBe(1);
    // The next failure waits twice as long.
    tracker._startReconnectTimer();
    vi.advanceTimersByTime(2 * RECONNECT_MIN_MS - 1);
    expect(tracker.opened).toBe(1);
    vi.advanceTimersByTime(1);
    expect(tracker.opened).toBe(2);
  });

  it("keeps one pending attempt when asked twice", () => {
    const tracker = new FakeTracker();
    quickenReconnects({ _trackers: [tracker] }, () => 0.5);
    tracker._startReconnectTimer();
    tracker._startReconnectTimer();
    vi.advanceTimersByTime(RECONNECT_MAX_MS * 2);
    expect(tracker.opened).toBe(1);
  });

  it("does not come back for a client that left its swarm while waiting", () => {
    const tracker = new FakeTracker();
    const client = { _trackers: [tracker], destroyed: false };
    quickenReconnects(client, () => 0.5);
    tracker._startReconnectTimer();
    client.destroyed = true;
    vi.advanceTimersByTime(RECONNECT_MAX_MS * 2);
    expect(tracker.opened).toBe(0);
  });

  it("leaves trackers alone whose internals it does not know", () => {
    const other = { announce: () => undefined };
    expect(quickenReconnects({ _trackers: [other] })).toBe(0);
    expect(quickenReconnects({})).toBe(0);
  });
});
