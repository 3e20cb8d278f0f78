import { describe, expect, it } from "vitest";
import { StreamRegistry } from "./registry";

const PLAYLIST_URL = "https://edge.example/live/ch1/index.m3u8?token=t";

/** A live window of `size` 2 s segments starting at media sequence `first`. */
function window(first: number, size: number, token = "t"): string {
  const lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:2", `#EXT-X-MEDIA-SEQUENCE:${String(first)}`];
  for (let sequence = first; sequence < first + size; sequence += 1) {
    lines.push("#EXTINF:2.0,", `seg${String(sequence)}.ts?token=${token}`);
  }
  return lines.join("\n");
}

const get = (name: string, token = "t") => ({
  url: `https://edge.example/live/ch1/${name}?token=${token}`,
  method: "GET",
  range: undefined,
});

describe("live sliding window", () => {
  it("ids and start times stay stable across refreshes; new segments are appended", () => {
    const registry = new StreamRegistry();
    registry.observeManifest(PLAYLIST_URL, null, window(100, 3));
    const swarmId = registry.streams()[0]?.swarmId ?? "";
    expect(registry.streams()[0]?.live).toBe(true);
    const before = registry.match(get("seg101.ts"));
    registry.observeManifest(PLAYLIST_URL, null, window(101, 3));
    registry.observeManifest(PLAYLIST_URL, null, window(102, 3));
    expect(registry.match(get("seg101.ts"))).toEqual(before);
    expect(registry.match(get("seg104.ts"))?.segmentId).toBe("104");
    expect(registry.segments(swarmId).map((segment) => [segment.id, segment.start])).toEqual([
      ["100", 0],
      ["101", 2],
      ["102", 4],
      ["103", 6],
      ["104", 8],
    ]);
    expect(registry.upcoming(swarmId, "103", 5).map((next) => next.segmentId)).toEqual(["104"]);
  });

  it("segments that left the window long ago are forgotten (index included)", () => {
    const registry = new StreamRegistry();
    for (let first = 0; first <= 40; first += 1)
      registry.observeManifest(PLAYLIST_URL, null, window(first, 3));
    const swarmId = registry.streams()[0]?.swarmId ?? "";
    const ids = registry.segments(swarmId).map((segment) => segment.id);
    // Window 40..42, and up to max(window, 6) = 6 segments behind it are kept for lagging players.
    expect(ids).toEqual(["34", "35", "36", "37", "38", "39", "40", "41", "42"]);
    expect(registry.match(get("seg33.ts"))).toBeUndefined();
    expect(registry.match(get("seg34.ts"))?.segmentId).toBe("34");
    expect(registry.segmentAt(swarmId, 84)?.id).toBe("42");
  });

  it("a per-stream cap bounds a long window", () => {
    const registry = new StreamRegistry({ maxSegmentsPerStream: 50 });
    registry.observeManifest(PLAYLIST_URL, null, window(0, 80));
    registry.observeManifest(PLAYLIST_URL, null, window(10, 80));
    const swarmId = registry.streams()[0]?.swarmId ?? "";
    expect(registry.segments(swarmId)).toHaveLength(50);
    expect(registry.segments(swarmId)[0]?.id).toBe("40");
    expect(registry.match(get("seg39.ts"))).toBeUndefined();
  });

  it("a refresh with rotated tokens moves segments to their new URLs, ids unchanged", () => {
    const registry = new StreamRegistry();
    registry.observeManifest(PLAYLIST_URL, null, window(5, 3, "old"));
    registry.observeManifest(
      PLAYLIST_URL.replace("token=t", "token=new"),
      null,
      window(6, 3, "new"),
    );
    expect(registry.streams()).toHaveLength(1);
    expect(registry.match(get("seg7.ts", "new"))?.segmentId).toBe("7");
    // The old exact URL still resolves through the query-less key to the same segment.
    expect(registry.match(get("seg7.ts", "old"))?.segmentId).toBe("7");
  });

  it("a jump in the window (missed refreshes) estimates starts from the target duration", () => {
    const registry = new StreamRegistry();
    registry.observeManifest(PLAYLIST_URL, null, window(0, 2));
    registry.observeManifest(PLAYLIST_URL, null, window(5, 2));
    const swarmId = registry.streams()[0]?.swarmId ?? "";
    expect(registry.segments(swarmId).map((segment) => [segment.id, segment.start])).toEqual([
      ["0", 0],
      ["1", 2],
      ["5", 10],
      ["6", 12],
    ]);
  });

  it("live DASH $Number$ with a timeline: refreshes merge by number", () => {
    const mpd = (start: number): string =>
      `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" availabilityStartTime="2024-01-01T00:00:00Z" minimumUpdatePeriod="PT2S"><Period id="0" start="PT0S"><AdaptationSet contentType="video" mimeType="video/mp4"><SegmentTemplate timescale="1" startNumber="${String(start + 1)}" media="v-$Number$.m4s" initialization="v-init.mp4"><SegmentTimeline><S t="${String(start * 2)}" d="2" r="2"/></SegmentTimeline></SegmentTemplate><Representation id="v" bandwidth="1000"/></AdaptationSet></Period></MPD>`;
    const registry = new StreamRegistry();
    registry.observeManifest("https://a.example/l/m.mpd", null, mpd(10));
    registry.observeManifest("https://a.example/l/m.mpd", null, mpd(11));
    const swarmId = "dash:/l/m.mpd#video:v";
    expect(registry.segments(swarmId).map((segment) => [segment.id, segment.start])).toEqual([
      ["n11", 20],
      ["n12", 22],
      ["n13", 24],
      ["n14", 26],
    ]);
    expect(
      registry.match({ url: "https://a.example/l/v-14.m4s", method: "GET", range: undefined })
        ?.segmentId,
    ).toBe("n14");
  });
});
