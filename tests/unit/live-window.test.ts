/**
 * The live HLS window made from VOD segments: what is published when, what the playlist lists,
 * and the end of the live event.
 */
import { Parser } from "m3u8-parser";
import { describe, expect, it } from "vitest";
import { livePlaylist, publishedCount } from "../../harness/browser/live-window";

const segments = Array.from({ length: 10 }, (_, index) => ({
  uri: `seg_${String(index).padStart(3, "0")}.ts`,
  duration: index === 9 ? 1.5 : 2,
}));
const options = { segments, windowSegments: 4, initialSegments: 3 };

function parse(text: string) {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
}

describe("live window", () => {
  it("publishes the initial segments at once, then one per segment duration", () => {
    expect(publishedCount(options, 0)).toBe(3);
    expect(publishedCount(options, 1999)).toBe(3);
    expect(publishedCount(options, 2000)).toBe(4);
    expect(publishedCount(options, 11_999)).toBe(8);
    expect(publishedCount(options, 12_000)).toBe(9);
    // The last one is 1.5 s long.
    expect(publishedCount(options, 13_499)).toBe(9);
    expect(publishedCount(options, 13_500)).toBe(10);
    expect(publishedCount(options, 1e9)).toBe(10);
  });

  it("lists the last window of published segments with the media sequence of the first", () => {
    const early = parse(livePlaylist(options, 0));
    expect(early.mediaSequence).toBe(0);
    expect(early.segments.map((s) => s.uri)).toEqual(["seg_000.ts", "seg_001.ts", "seg_002.ts"]);
    expect(early.endList).not.toBe(true);

    const later = parse(livePlaylist(options, 6500));
    expect(later.mediaSequence).toBe(2);
    expect(later.segments.map((s) => s.uri)).toEqual([
      "seg_002.ts",
      "seg_003.ts",
      "seg_004.ts",
      "seg_005.ts",
    ]);
    expect(later.targetDuration).toBe(2);
    expect(later.endList).not.toBe(true);
  });

  it("ends with EXT-X-ENDLIST once every segment is out", () => {
    const done = parse(livePlaylist(options, 20_000));
    expect(done.mediaSequence).toBe(6);
    expect(done.segments.map((s) => s.duration)).toEqual([2, 2, 2, 1.5]);
    expect(done.endList).toBe(true);
  });
});
