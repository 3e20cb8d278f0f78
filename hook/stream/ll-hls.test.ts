import { describe, expect, it } from "vitest";
import { StreamRegistry } from "./registry";

const BASE = "https://edge.example/live/ch1/";
const PART_BYTES = 1000;

/**
 * A low-latency live window: `size` whole 2 s segments from `first` (each in 4 parts of 0.5 s
 * that are byte ranges of it), then the segment in progress with `partial` parts out and a
 * preload hint for the next. `skipped`: a delta update (EXT-X-SKIP) leaving out that many.
 */
function llWindow(first: number, size: number, partial: number, skipped = 0): string {
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:9",
    "#EXT-X-TARGETDURATION:2",
    "#EXT-X-PART-INF:PART-TARGET=0.5",
    "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5,CAN-SKIP-UNTIL=12",
    `#EXT-X-MEDIA-SEQUENCE:${String(first)}`,
  ];
  if (skipped > 0) lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${String(skipped)}`);
  const parts = (sequence: number, count: number) => {
    for (let part = 0; part < count; part += 1) {
      const independent = part === 0 ? ",INDEPENDENT=YES" : "";
      lines.push(
        `#EXT-X-PART:DURATION=0.5,URI="seg${String(sequence)}.ts",BYTERANGE="${String(PART_BYTES)}@${String(part * PART_BYTES)}"${independent}`,
      );
    }
  };
  for (let sequence = first + skipped; sequence < first + size; sequence += 1) {
    if (sequence >= first + size - 2) parts(sequence, 4);
    lines.push("#EXTINF:2.0,", `seg${String(sequence)}.ts`);
  }
  const live = first + size;
  parts(live, partial);
  lines.push(
    `#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg${String(live)}.ts",BYTERANGE-START=${String(partial * PART_BYTES)}`,
  );
  return lines.join("\n");
}

const get = (name: string, range?: string) => ({
  url: `${BASE}${name}`,
  method: "GET",
  range,
});

describe("low-latency HLS (parts, preload hints, blocking reloads, delta updates)", () => {
  it("keeps one swarm across blocking reloads: the _HLS_ delivery directives name no video", () => {
    const registry = new StreamRegistry();
    registry.observeManifest(`${BASE}index.m3u8`, null, llWindow(100, 4, 1));
    registry.observeManifest(
      `${BASE}index.m3u8?_HLS_msn=104&_HLS_part=2`,
      null,
      llWindow(100, 4, 2),
    );
    registry.observeManifest(
      `${BASE}index.m3u8?_HLS_msn=104&_HLS_part=3&_HLS_skip=YES`,
      null,
      llWindow(101, 4, 3, 2),
    );
    expect(registry.streams().map((stream) => stream.swarmId)).toHaveLength(1);
  });

  it("shares whole segments only: a part (a byte range of one) or a preload hint never matches", () => {
    const registry = new StreamRegistry();
    registry.observeManifest(`${BASE}index.m3u8`, null, llWindow(100, 4, 2));
    expect(registry.match(get("seg102.ts"))?.segmentId).toBe("102");
    expect(registry.match(get("seg103.ts", "bytes=0-999"))).toBeUndefined();
    expect(registry.match(get("seg104.ts", "bytes=1000-1999"))).toBeUndefined();
    expect(registry.match(get("seg104.ts", "bytes=2000-"))).toBeUndefined();
    // The segment in progress is no whole segment yet.
    expect(registry.match(get("seg104.ts"))).toBeUndefined();
  });

  it("a delta update keeps the segments it skips, with their ids and times", () => {
    const registry = new StreamRegistry();
    registry.observeManifest(`${BASE}index.m3u8`, null, llWindow(100, 4, 3));
    const swarmId = registry.streams()[0]?.swarmId ?? "";
    const before = registry.segments(swarmId).map((segment) => [segment.id, segment.start]);
    registry.observeManifest(
      `${BASE}index.m3u8?_HLS_msn=105&_HLS_skip=YES`,
      null,
      llWindow(100, 5, 0, 3),
    );
    const after = registry.segments(swarmId).map((segment) => [segment.id, segment.start]);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toEqual(["104", 8]);
    expect(registry.match(get("seg101.ts"))?.segmentId).toBe("101");
  });

  it("drops the spec's directives only: another _HLS_-named parameter still names the video", () => {
    const registry = new StreamRegistry();
    registry.observeManifest(`${BASE}index.m3u8?_HLS_video=1`, null, llWindow(100, 4, 1));
    registry.observeManifest(`${BASE}index.m3u8?_HLS_video=2`, null, llWindow(100, 4, 1));
    expect(registry.streams()).toHaveLength(2);
  });
});
