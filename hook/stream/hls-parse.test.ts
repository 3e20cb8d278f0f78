import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManifestError } from "./errors";
import { parseHls, type HlsMaster, type HlsMedia } from "./hls-parse";
import { makeTestStreams, urlOf, type StreamName, type TestStreams } from "./test-streams";

let streams: TestStreams;
beforeAll(async () => {
  streams = await makeTestStreams();
}, 60_000);
afterAll(() => streams.cleanup());

async function media(name: StreamName): Promise<HlsMedia> {
  const parsed = parseHls(urlOf(name), await streams.manifest(name));
  if (parsed instanceof ManifestError || parsed.type !== "media") throw new Error("not media");
  return parsed;
}

describe("parseHls on ffmpeg output", () => {
  it("MPEG-TS VOD: absolute URIs, durations, sequence ids", async () => {
    const { track } = await media("hlsTs");
    expect(track.live).toBe(false);
    expect(track.targetDuration).toBe(2);
    expect(track.segments.map((segment) => segment.id)).toEqual(["0", "1", "2"]);
    expect(track.segments.map((segment) => segment.url)).toEqual([
      "https://cdn-a.example.com/media/ts/index0.ts",
      "https://cdn-a.example.com/media/ts/index1.ts",
      "https://cdn-a.example.com/media/ts/index2.ts",
    ]);
    expect(track.segments.reduce((sum, segment) => sum + segment.duration, 0)).toBeCloseTo(6, 1);
    expect(track.segments.every((segment) => segment.init === undefined)).toBe(true);
  });

  it("fMP4: every segment carries the #EXT-X-MAP init, one shared object", async () => {
    const { track } = await media("hlsFmp4");
    const inits = track.segments.map((segment) => segment.init);
    expect(inits[0]).toEqual({
      id: "init:/media/fmp4/init.mp4",
      url: "https://cdn-a.example.com/media/fmp4/init.mp4",
      range: undefined,
    });
    expect(new Set(inits).size).toBe(1);
    const head = await streams.bytes("hlsFmp4", "init.mp4");
    expect(head.subarray(4, 8).toString("latin1")).toBe("ftyp");
  });

  it("single-file TS: #EXT-X-BYTERANGE ranges tile the real file", async () => {
    const { track } = await media("hlsSingleTs");
    const file = await streams.bytes("hlsSingleTs", "index.ts");
    let expectedOffset = 0;
    for (const [index, segment] of track.segments.entries()) {
      expect(segment.range?.offset).toBe(expectedOffset);
      expect(segment.id).toBe(
        `${String(index)}@${String(expectedOffset)}-${String(expectedOffset + (segment.range?.length ?? 0) - 1)}`,
      );
      expect(file[expectedOffset]).toBe(0x47); // MPEG-TS sync byte at every segment start
      expectedOffset += segment.range?.length ?? 0;
    }
    expect(expectedOffset).toBe(file.length);
  });

  it("single-file fMP4: the map's byte range is the init, segments start with a box", async () => {
    const { track } = await media("hlsSingleFmp4");
    const file = await streams.bytes("hlsSingleFmp4", "index.m4s");
    const first = track.segments[0];
    expect(first?.init?.range?.offset).toBe(0);
    expect(first?.init?.id).toBe(
      `init:/media/single-fmp4/index.m4s@0-${String((first?.init?.range?.length ?? 0) - 1)}`,
    );
    expect(file.subarray(4, 8).toString("latin1")).toBe("ftyp");
    for (const segment of track.segments) {
      const offset = segment.range?.offset ?? -1;
      expect(["moof", "styp", "sidx"]).toContain(
        file.subarray(offset + 4, offset + 8).toString("latin1"),
      );
    }
  });

  it("live sliding window: no ENDLIST means live, ids follow EXT-X-MEDIA-SEQUENCE", async () => {
    const { track } = await media("hlsLive");
    expect(track.live).toBe(true);
    expect(track.segments.map((segment) => segment.id)).toEqual(["1", "2"]);
  });
});

describe("parseHls on hand-written playlists", () => {
  it("master: variants with bandwidth/resolution/codecs and #EXT-X-MEDIA audio renditions", () => {
    const text = [
      "#EXTM3U",
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,URI="audio/en.m3u8?t=1"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Muxed",LANGUAGE="fr"',
      '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="aud"',
      "v360/index.m3u8?t=1",
      "#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720",
      "https://other.example/v720/index.m3u8",
    ].join("\n");
    const parsed = parseHls("https://a.example/show/master.m3u8?t=1", text) as HlsMaster;
    expect(parsed.type).toBe("master");
    expect(
      parsed.variants.map((variant) => [
        variant.url.href,
        variant.trackType,
        variant.bandwidth,
        variant.width,
        variant.height,
        variant.codecs,
      ]),
    ).toEqual([
      [
        "https://a.example/show/v360/index.m3u8?t=1",
        "main",
        800000,
        640,
        360,
        "avc1.4d401e,mp4a.40.2",
      ],
      ["https://other.example/v720/index.m3u8", "main", 2500000, 1280, 720, undefined],
      [
        "https://a.example/show/audio/en.m3u8?t=1",
        "audio",
        undefined,
        undefined,
        undefined,
        undefined,
      ],
    ]);
    expect(parsed.variants[2]?.rendition).toEqual({ type: "AUDIO", group: "aud", name: "English" });
    expect(parsed.variants[2]?.language).toBe("en");
  });

  it("implicit byte-range offsets continue from the previous range; discontinuity sequence kept", () => {
    const text = [
      "#EXTM3U",
      "#EXT-X-TARGETDURATION:4",
      "#EXT-X-MEDIA-SEQUENCE:100",
      "#EXT-X-DISCONTINUITY-SEQUENCE:7",
      "#EXTINF:4,",
      "#EXT-X-BYTERANGE:1000@0",
      "all.ts",
      "#EXTINF:4,",
      "#EXT-X-BYTERANGE:500",
      "all.ts",
      "#EXT-X-DISCONTINUITY",
      "#EXTINF:3.5,",
      "other.ts",
    ].join("\n");
    const { track } = parseHls("https://a.example/p/live.m3u8", text) as HlsMedia;
    expect(track.live).toBe(true);
    expect(
      track.segments.map((segment) => [segment.id, segment.range, segment.discontinuity]),
    ).toEqual([
      ["100@0-999", { offset: 0, length: 1000 }, 7],
      ["101@1000-1499", { offset: 1000, length: 500 }, 7],
      ["102", undefined, 8],
    ]);
  });

  it("SAMPLE-AES (DRM) playlists are left alone; AES-128 is not DRM", () => {
    const playlist = (method: string): string =>
      `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:METHOD=${method},URI="skd://k"\n#EXTINF:2,\na.ts\n#EXT-X-ENDLIST\n`;
    const drm = parseHls("https://a.example/p.m3u8", playlist("SAMPLE-AES"));
    expect(drm).toBeInstanceOf(ManifestError);
    expect((drm as ManifestError).code).toBe("protected");
    expect(parseHls("https://a.example/p.m3u8", playlist("AES-128"))).toMatchObject({
      type: "media",
    });
  });

  it("marks the segments an AES-128 key applies to as encrypted, and no others", () => {
    const text = [
      "#EXTM3U",
      "#EXT-X-TARGETDURATION:2",
      "#EXTINF:2,",
      "clear.ts",
      '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1?token=abc",IV=0x00000000000000000000000000000001',
      "#EXTINF:2,",
      "enc1.ts",
      "#EXTINF:2,",
      "enc2.ts",
      "#EXT-X-KEY:METHOD=NONE",
      "#EXTINF:2,",
      "clear2.ts",
      "#EXT-X-ENDLIST",
      "",
    ].join("\n");
    const result = parseHls("https://a.example/p.m3u8", text);
    if (result instanceof ManifestError || result.type !== "media") throw new Error("not media");
    expect(
      result.track.segments.map((segment) => [segment.url.split("/").at(-1), segment.encrypted]),
    ).toEqual([
      ["clear.ts", undefined],
      ["enc1.ts", true],
      ["enc2.ts", true],
      ["clear2.ts", undefined],
    ]);
    // The key is no segment: nothing of it is in the track.
    expect(JSON.stringify(result.track)).not.toContain("keys.example");
  });

  it("keys with a DRM KEYFORMAT (FairPlay, Widevine) are protected too", () => {
    // m3u8-parser files these under contentProtection, not under segment.key.
    for (const key of [
      'METHOD=SAMPLE-AES,URI="skd://k",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"',
      'METHOD=SAMPLE-AES-CTR,URI="data:text/plain;base64,AAAA",KEYID=0x00112233445566778899aabbccddeeff,KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed",KEYFORMATVERSIONS="1"',
    ]) {
      const text = `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:${key}\n#EXTINF:2,\na.ts\n#EXT-X-ENDLIST\n`;
      const result = parseHls("https://a.example/p.m3u8", text);
      expect(result, key).toBeInstanceOf(ManifestError);
      expect((result as ManifestError).code).toBe("protected");
    }
  });

  it("a playlist without segments or variants is an 'empty' error value", () => {
    const result = parseHls("https://a.example/p.m3u8", "#EXTM3U\n#EXT-X-VERSION:3\n");
    expect(result).toBeInstanceOf(ManifestError);
    expect((result as ManifestError).code).toBe("empty");
  });
});
