import { describe, expect, it } from "vitest";
import type { SegmentDescriptor } from "../messaging/segment-descriptor";
import { aheadOf } from "./buffer-ahead";
import type { EngineClient } from "./engine-client";
import { PageSegmentSource } from "./page-source";
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
  putSegment(): void {
    return undefined;
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
  it("warms the engine up once, when the first stream it can serve appears", () => {
    const { engine, source } = setup(0);
    source.observeManifest(`${BASE}index.m3u8`, "application/vnd.apple.mpegurl", playlist(20));
    expect(engine.warmUps).toBe(1);
    const protectedList = playlist(2).replace(
      "#EXT-X-PLAYLIST-TYPE:VOD",
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k"',
    );
    const other = new RecordingEngine();
    new PageSegmentSource(new StreamRegistry(), other, () => 0).observeManifest(
      `${BASE}p.m3u8`,
      "application/vnd.apple.mpegurl",
      protectedList,
    );
    expect(other.warmUps).toBe(0);
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

  it("while the engine is starting, a segment needed next goes to the network at once", () => {
    const { engine, request } = setup(0, false);
    const match = request(0);
    expect(match?.deadlineMs).toBe(0);
    // The page fetches seg0 itself: the engine's queue starts after it, so it is not fetched twice.
    const queue = engine.lastQueue();
    expect(queue.some(([id]) => id.includes("seg0"))).toBe(false);
    expect(queue[0]).toEqual([expect.stringContaining("seg1"), 1]);
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
