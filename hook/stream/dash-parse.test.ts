import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDash, type DashManifest } from "./dash-parse";
import { ManifestError } from "./errors";
import { makeTestStreams, urlOf, type StreamName, type TestStreams } from "./test-streams";

let streams: TestStreams;
beforeAll(async () => {
  streams = await makeTestStreams();
}, 60_000);
afterAll(() => streams.cleanup());

async function mpd(name: StreamName): Promise<DashManifest> {
  const parsed = parseDash(urlOf(name), await streams.manifest(name));
  if (parsed instanceof ManifestError) throw parsed;
  return parsed;
}

/** A hand-written MPD around one AdaptationSet body. */
const wrap = (attributes: string, body: string): string =>
  `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" minBufferTime="PT2S" ${attributes}><Period id="p0" start="PT0S">${body}</Period></MPD>`;

describe("parseDash on ffmpeg output", () => {
  it("SegmentTemplate $Number$: video and audio, ids from startNumber, URLs from the template", async () => {
    const manifest = await mpd("dashTemplate");
    expect(manifest.live).toBe(false);
    const video = manifest.representations.find(
      (representation) => representation.type === "video",
    );
    const audio = manifest.representations.find(
      (representation) => representation.type === "audio",
    );
    expect(video?.id).toBe("0");
    expect(video?.width).toBe(320);
    expect(video?.track.segments.map((segment) => segment.id)).toEqual(["n1", "n2", "n3"]);
    expect(video?.track.segments[0]?.url).toBe(
      "https://cdn-a.example.com/media/dash/chunk-stream0-00001.m4s",
    );
    expect(video?.track.segments[2]?.time).toBe(4);
    expect(video?.track.segments[0]?.init?.url).toBe(
      "https://cdn-a.example.com/media/dash/init-stream0.m4s",
    );
    expect(audio?.track.segments[0]?.url).toBe(
      "https://cdn-a.example.com/media/dash/chunk-stream1-00001.m4s",
    );
    const files = await Promise.all(
      (video?.track.segments ?? []).map((segment) =>
        streams.bytes("dashTemplate", segment.url.split("/").pop() ?? ""),
      ),
    );
    expect(files.every((file) => file.length > 0)).toBe(true);
  });

  it("SegmentList with one file per segment", async () => {
    const [video] = (await mpd("dashList")).representations;
    expect(
      video?.track.segments.map((segment) => [segment.id, segment.url.split("/").pop()]),
    ).toEqual([
      ["n1", "chunk-stream0-00001.m4s"],
      ["n2", "chunk-stream0-00002.m4s"],
      ["n3", "chunk-stream0-00003.m4s"],
    ]);
  });

  it("SegmentList with media ranges in one file: ranges tile the real file after the init", async () => {
    const [video] = (await mpd("dashSingle")).representations;
    const file = await streams.bytes("dashSingle", "manifest-stream0.mp4");
    const init = video?.track.segments[0]?.init;
    expect(init?.range?.offset).toBe(0);
    expect(file.subarray(4, 8).toString("latin1")).toBe("ftyp");
    let offset = init?.range?.length ?? -1;
    for (const segment of video?.track.segments ?? []) {
      expect(segment.range?.offset).toBe(offset);
      expect(segment.id).toMatch(new RegExp(`^n\\d@${String(offset)}-\\d+$`));
      offset += segment.range?.length ?? 0;
    }
    expect(offset).toBe(file.length);
  });
});

describe("parseDash on hand-written MPDs", () => {
  it("$Time$ templates: ids are the time values of the URLs; dynamic is live", () => {
    const text = wrap(
      'type="dynamic" availabilityStartTime="2024-01-01T00:00:00Z" minimumUpdatePeriod="PT2S"',
      `<AdaptationSet mimeType="video/mp4" contentType="video">
        <SegmentTemplate timescale="90000" presentationTimeOffset="900000" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Time$.m4s">
          <SegmentTimeline><S t="900000" d="180000" r="2"/></SegmentTimeline>
        </SegmentTemplate>
        <Representation id="v720" bandwidth="2000000" width="1280" height="720"/>
      </AdaptationSet>`,
    );
    const parsed = parseDash("https://a.example/live/manifest.mpd?tok=9", text) as DashManifest;
    expect(parsed.live).toBe(true);
    const segments = parsed.representations[0]?.track.segments ?? [];
    expect(segments.map((segment) => segment.id)).toEqual(["t900000", "t1080000", "t1260000"]);
    expect(segments.map((segment) => segment.url.split("/").pop())).toEqual([
      "900000.m4s",
      "1080000.m4s",
      "1260000.m4s",
    ]);
    expect(segments[0]?.init?.url).toBe("https://a.example/live/v720/init.mp4");
  });

  it("SegmentBase with indexRange: init, sidx and the media after it", () => {
    const text = wrap(
      'type="static" mediaPresentationDuration="PT6S"',
      `<AdaptationSet mimeType="video/mp4" contentType="video">
        <Representation id="v1" bandwidth="500000" width="640" height="360">
          <BaseURL>video-640.mp4</BaseURL>
          <SegmentBase indexRange="800-899"><Initialization range="0-799"/></SegmentBase>
        </Representation>
      </AdaptationSet>`,
    );
    const parsed = parseDash("https://a.example/vod/manifest.mpd", text) as DashManifest;
    const track = parsed.representations[0]?.track;
    expect(track?.segments.map((segment) => [segment.id, segment.range, segment.duration])).toEqual(
      [["media@900-", { offset: 900, length: undefined }, 6]],
    );
    expect(track?.segments[0]?.init).toMatchObject({
      id: "init:/vod/video-640.mp4@0-799",
      range: { offset: 0, length: 800 },
    });
    expect(track?.side.map((side) => [side.id, side.url])).toEqual([
      ["sidx@800-899", "https://a.example/vod/video-640.mp4"],
      ["file", "https://a.example/vod/video-640.mp4"],
    ]);
  });

  it("ContentProtection (DRM) representations are left out", () => {
    const text = wrap(
      'type="static" mediaPresentationDuration="PT4S"',
      `<AdaptationSet mimeType="video/mp4" contentType="video">
        <ContentProtection schemeIdUri="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"/>
        <SegmentTemplate timescale="1" duration="2" media="$Number$.m4s" startNumber="1"/>
        <Representation id="v" bandwidth="1"/>
      </AdaptationSet>`,
    );
    const result = parseDash("https://a.example/drm.mpd", text);
    expect(result).toBeInstanceOf(ManifestError);
    expect((result as ManifestError).code).toBe("protected");
  });
});
