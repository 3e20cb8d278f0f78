import { describe, expect, it } from "vitest";
import type { TimedSegment } from "../stream";
import { bufferedEndAt, isBuffered } from "./buffered";
import { isAligned, planQueue, type QueuePlanInput } from "./plan-queue";
import type { PlayerPosition, TimeRange } from "./types";

/** `count` segments of `duration` s from media sequence `first`, starting at `start` s. */
function timeline(count: number, { first = 0, start = 0, duration = 2 } = {}): TimedSegment[] {
  return Array.from({ length: count }, (_, index) => ({
    id: String(first + index),
    order: first + index,
    url: `https://cdn.example/v/seg${String(first + index)}.ts`,
    range: undefined,
    duration,
    time: undefined,
    discontinuity: 0,
    init: undefined,
    start: start + index * duration,
  }));
}

const at = (
  currentTime: number,
  buffered: TimeRange[] = [],
  more: Partial<PlayerPosition> = {},
): PlayerPosition => ({ currentTime, paused: false, playbackRate: 1, buffered, ...more });

/** The plan as "id@priority" strings. */
function plan(input: Partial<QueuePlanInput> & { position: PlayerPosition }): string[] {
  return planQueue({
    segments: timeline(30),
    segmentDuration: 2,
    awaited: new Map(),
    window: 13,
    ...input,
  }).map(({ segment, priority }) => `${segment.id}@${String(priority)}`);
}

describe("planQueue", () => {
  it("at the start: every segment from the playhead, priority = segment durations away", () => {
    expect(plan({ position: at(0), window: 5 })).toEqual(["0@0", "1@1", "2@2", "3@3", "4@4"]);
  });

  it("starts at the buffered end; priorities count from the playhead, not the buffer", () => {
    expect(plan({ position: at(3, [[0, 10.02]]), window: 4 })).toEqual([
      "5@3",
      "6@4",
      "7@5",
      "8@6",
    ]);
  });

  it("never makes more than the queue's first two segments urgent (priority <= 1)", () => {
    expect(plan({ position: at(1, [], {}), window: 4 })).toEqual(["0@0", "1@1", "2@2", "3@3"]);
  });

  it("after a seek past the buffer: the segment at the new position first, at priority 0", () => {
    expect(plan({ position: at(31, [[0, 10]]), window: 3 })).toEqual(["15@0", "16@1", "17@2"]);
  });

  it("after a seek back into the buffer: the queue resumes at the buffered end", () => {
    expect(plan({ position: at(2.5, [[0, 12]]), window: 2 })).toEqual(["6@4", "7@5"]);
  });

  it("while paused the plan stays as it was (the playhead does not move)", () => {
    const playing = plan({ position: at(7, [[0, 14]]) });
    const paused = plan({ position: at(7, [[0, 14]], { paused: true }) });
    expect(paused).toEqual(playing);
  });

  it("queues a hole in the buffer before what lies beyond it, and skips buffered segments", () => {
    expect(
      plan({
        position: at(5, [
          [0, 10],
          [20, 30],
        ]),
        window: 8,
      }),
    ).toEqual(["5@2", "6@3", "7@4", "8@5", "9@6", "15@12", "16@13", "17@14"]);
  });

  it("counts a segment as buffered despite timestamp jitter, not when half-appended", () => {
    expect(plan({ position: at(0, [[0.04, 9.97]]), window: 1 })).toEqual(["5@5"]);
    expect(plan({ position: at(0, [[0, 9]]), window: 1 })).toEqual(["4@4"]);
  });

  it("never queues segments behind the playhead, even unbuffered ones", () => {
    expect(plan({ position: at(20.5), window: 2 })).toEqual(["10@0", "11@1"]);
  });

  it("puts awaited segments first at priority 0, once", () => {
    expect(plan({ position: at(0, [[0, 4]]), awaited: new Map([["7", 0]]), window: 3 })).toEqual([
      "7@0",
      "2@2",
      "3@3",
      "4@4",
    ]);
  });

  it("ends at the last segment (VOD end, live edge) and is empty past it", () => {
    expect(plan({ position: at(55, [[0, 56]]) })).toEqual(["28@0", "29@1"]);
    expect(plan({ position: at(61) })).toEqual([]);
  });

  it("live: the window follows the edge as refreshes add segments", () => {
    const window = timeline(6, { first: 100 });
    const position = at(6.5, [[0, 8]]);
    const before = plan({ segments: window, position });
    expect(before).toEqual(["104@0", "105@1"]);
    const refreshed = [...window.slice(1), ...timeline(2, { first: 106, start: 12 })];
    expect(plan({ segments: refreshed, position })).toEqual(["104@0", "105@1", "106@2", "107@3"]);
  });

  it("live: a playhead behind the window gets the window's first segments", () => {
    const window = timeline(4, { first: 200, start: 40 });
    expect(plan({ segments: window, position: at(12), window: 2 })).toEqual(["200@14", "201@15"]);
  });

  it("audio and video tracks each follow their own buffer", () => {
    const video = plan({ position: at(4, [[0, 14]]), window: 2 });
    const audio = plan({ position: at(4, [[0, 8]]), window: 2 });
    expect(video).toEqual(["7@5", "8@6"]);
    expect(audio).toEqual(["4@2", "5@3"]);
  });
});

describe("isAligned", () => {
  const segments = timeline(30);
  const check = (index: number, position: PlayerPosition) => {
    const segment = segments[index];
    if (segment === undefined) throw new Error(`no segment ${String(index)}`);
    return isAligned(segment, position, 2);
  };

  it("accepts the segment at the buffered end, and the one a seek lands in", () => {
    expect(check(5, at(3, [[0, 10]]))).toBe(true);
    expect(check(6, at(3, [[0, 10]]))).toBe(true);
    expect(check(15, at(31, [[0, 10]]))).toBe(true);
    expect(check(0, at(0))).toBe(true);
  });

  it("rejects a request far from where the player's position says it fetches", () => {
    expect(check(20, at(3, [[0, 10]]))).toBe(false);
    expect(check(1, at(31, [[0, 10]]))).toBe(false);
    // A live DASH player whose media clock is seconds since 1970, against a timeline from 0.
    expect(check(3, at(1_700_000_000))).toBe(false);
    expect(check(3, at(Number.NaN))).toBe(false);
  });
});

describe("buffered ranges", () => {
  it("finds the end of the range the playhead is in, jumping a tiny hole", () => {
    const ranges: TimeRange[] = [
      [0, 4],
      [4.2, 10],
      [20, 30],
    ];
    expect(bufferedEndAt(ranges, 2)).toBe(4);
    expect(bufferedEndAt(ranges, 4.1)).toBe(10);
    expect(bufferedEndAt(ranges, 15)).toBeUndefined();
    expect(isBuffered(ranges, 20, 2)).toBe(true);
    expect(isBuffered(ranges, 10, 2)).toBe(false);
  });
});
