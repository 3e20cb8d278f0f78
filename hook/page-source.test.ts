import { describe, expect, it, vi } from "vitest";
import type { SegmentDescriptor } from "../messaging/segment-descriptor";
import { aheadOf } from "./buffer-ahead";
import type { EngineClient } from "./engine-client";
import { PageSegmentSource, START_AT_LATEST_MS } from "./page-source";
import { QUEUE_AHEAD } from "./request-policy";
import { StreamRegistry } from "./stream";

const BASE = "https://cdn.example/v/";
const playlist = (count: number) =>
  [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    "#EXT-X-TARGETDURATION:2",
    "#EXT-X-PLAYLIST-TYPE:VOD",
    ...Array.from({ length: count }, (_, i) => `#EXTINF:2.000,\nseg${String(i)}.ts`),
    "#EXT-X-ENDLIST",
  ].join("\n");

/** An engine that records what the page source tells it. */
class RecordingEngine implements EngineClient {
  ready = true;
  warmUps = 0;
  loads: { swarmId: string; segments: SegmentDescriptor[] }[] = [];
  warmUp(): void {
    this.warmUps++;
  }
  load(swarmId: string, segments: SegmentDescriptor[]): void {
    this.loads.push({ swarmId, segments });
  }
  getSegment(): Promise<ArrayBuffer | undefined> {
    return Promise.resolve(undefined);
  }
  puts = 0;
  putSegment(): void {
    this.puts++;
  }
  stop(): void {
    return undefined;
  }
  /** The last queue as [url, priority]. */
  /** The last queue as [url, priority]. */
  lastQueue(): [string, number][] {
    return (this.loads.at(-1)?.segments ?? []).map((s) => [s.url, s.priority]);
  }
}

function setup(ahead: number, ready = true) {
  const engine = new RecordingEngine();
  engine.ready = ready;
  let lead = ahead;
  const source = new PageSegmentSource(new StreamRegistry(), engine, () => lead);
  source.observeManifest(`${BASE}index.m3u8`, "application/vnd.apple.mpegurl", playlist(20));
  const request = (index: number) =>
    source.match({
      url: `${BASE}seg${String(index)}.ts?token=abc`,
      method: "GET",
      range: undefined,
    });
  return {
    engine,
    source,
    request,
    setAhead: (seconds: number) => {
      lead = seconds;
    },
  };
}

describe("PageSegmentSource", () => {
  it("before the engine starts, a segment needed next goes to the network and the engine hears nothing", () => {
    const { engine, source, request } = setup(0, false);
    const match = request(0);
    expect(match?.deadlineMs).toBe(0);
    if (match) source.fromNetwork(match, new ArrayBuffer(8));
    expect(engine.warmUps).toBe(0);
    expect(engine.loads).toEqual([]);
    expect(engine.puts).toBe(0);
  });

  it("the first request that can wait starts the engine, and the page's copies go to it from then on", () => {
    const { engine, source, request, setAhead } = setup(0, false);
    request(0);
    setAhead(4.5);
    const match = request(2);
    expect(engine.warmUps).toBe(1);
    expect(engine.lastQueue()[0]).toEqual([expect.stringContaining("seg2"), 1]);
    if (match) source.fromNetwork(match, new ArrayBuffer(8));
    expect(engine.puts).toBe(1);
  });

  it("the engine starts at the latest START_AT_LATEST_MS after the first segment request", () => {
    vi.useFakeTimers();
    try {
      const { engine, request } = setup(0, false);
      request(0);
      vi.advanceTimersByTime(START_AT_LATEST_MS - 1);
      expect(engine.warmUps).toBe(0);
      vi.advanceTimersByTime(1);
      expect(engine.warmUps).toBe(1);
      // Started but not ready yet: a segment needed next still goes to the network, and the
      // engine's queue starts after it, so it is not fetched twice.
      expect(request(1)?.deadlineMs).toBe(0);
      const queue = engine.lastQueue();
      expect(queue.some(([url]) => url.includes("seg1."))).toBe(false);
      expect(queue[0]).toEqual([expect.stringContaining("seg2"), 1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a protected stream never starts the engine", () => {
    const engine = new RecordingEngine();
    const source = new PageSegmentSource(new StreamRegistry(), engine, () => 10);
    const protectedList = playlist(2).replace(
      "#EXT-X-PLAYLIST-TYPE:VOD",
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k"',
    );
    source.observeManifest(`${BASE}p.m3u8`, "application/vnd.apple.mpegurl", protectedList);
    expect(source.match({ url: `${BASE}seg0.ts`, method: "GET", range: undefined })).toBe(
      undefined,
    );
    expect(engine.warmUps).toBe(0);
  });

  it("a segment needed next (little buffered) is priority 0 with the stream's deadline", () => {
    const { engine, request } = setup(1.5);
    const match = request(3);
    expect(match?.deadlineMs).toBe(1000);
    const queue = engine.lastQueue();
    expect(queue[0]).toEqual([expect.stringContaining("seg3"), 0]);
    expect(queue[1]?.[1]).toBe(1);
    expect(queue).toHaveLength(1 + QUEUE_AHEAD);
  });

  it("a segment asked for ahead of time is priority 1 and may wait longer, keeping a margin", () => {
    const { engine, request, setAhead } = setup(4.5, false);
    expect(request(5)?.deadlineMs).toBe(2500);
    expect(engine.lastQueue()[0]).toEqual([expect.stringContaining("seg5"), 1]);
    expect(engine.lastQueue()[1]?.[1]).toBe(2);
    setAhead(25);
    // Never longer than players tolerate.
    expect(request(6)?.deadlineMs).toBe(3000);
  });

  it("requests that are not segments of a known stream are not matched", () => {
    const { source } = setup(10);
    expect(source.match({ url: `${BASE}other.ts`, method: "GET", range: undefined })).toBe(
      undefined,
    );
  });
});

describe("aheadOf", () => {
  const ranges = (...spans: [number, number][]) => ({
    length: spans.length,
    start: (i: number) => spans[i]?.[0] ?? 0,
    end: (i: number) => spans[i]?.[1] ?? 0,
  });
  it("is what is buffered past the playhead in the range holding it", () => {
    expect(aheadOf({ buffered: ranges([0, 10], [20, 30]), currentTime: 4, playbackRate: 1 })).toBe(
      6,
    );
    expect(aheadOf({ buffered: ranges([0, 10], [20, 30]), currentTime: 25, playbackRate: 1 })).toBe(
      5,
    );
  });
  it("is 0 in a gap or with nothing buffered", () => {
    expect(aheadOf({ buffered: ranges([0, 10], [20, 30]), currentTime: 12, playbackRate: 1 })).toBe(
      0,
    );
    expect(aheadOf({ buffered: ranges(), currentTime: 0, playbackRate: 1 })).toBe(0);
  });
  it("counts a playhead just before a range (segment edge rounding) as inside it", () => {
    expect(
      aheadOf({ buffered: ranges([10.05, 14]), currentTime: 10, playbackRate: 1 }),
    ).toBeCloseTo(4);
  });
  it("is playing time: at 4x, 8 s of media last 2 s; paused counts as normal speed", () => {
    const media = (playbackRate: number) => ({
      buffered: ranges([0, 10]),
      currentTime: 2,
      playbackRate,
    });
    expect(aheadOf(media(4))).toBe(2);
    expect(aheadOf(media(0))).toBe(8);
    expect(aheadOf(media(0.5))).toBe(8);
  });
});
