import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamRegistry } from "./registry";
import { makeTestStreams, urlOf, type TestStreams } from "./test-streams";

let streams: TestStreams;
beforeAll(async () => {
  streams = await makeTestStreams();
}, 60_000);
afterAll(() => streams.cleanup());

const get = (url: string, range?: string) => ({ url, method: "GET", range });

const MASTER = (token: string, host: string): string =>
  [
    "#EXTM3U",
    `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",URI="https://${host}/show/audio/en.m3u8?token=${token}"`,
    '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,AUDIO="aud"',
    `https://${host}/show/v360/index.m3u8?token=${token}`,
    '#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720,AUDIO="aud"',
    `https://${host}/show/v720/index.m3u8?token=${token}`,
  ].join("\n");

const MEDIA = (token: string, sequence = 0): string =>
  [
    "#EXTM3U",
    "#EXT-X-TARGETDURATION:4",
    `#EXT-X-MEDIA-SEQUENCE:${String(sequence)}`,
    "#EXTINF:4,",
    `s0.ts?token=${token}`,
    "#EXTINF:4,",
    `s1.ts?token=${token}`,
    "#EXTINF:3,",
    `s2.ts?token=${token}`,
    "#EXT-X-ENDLIST",
  ].join("\n");

/** One viewer: master and a media playlist, fetched with its own token from its own CDN host. */
function viewer(token: string, host: string): StreamRegistry {
  const registry = new StreamRegistry();
  registry.observeManifest(
    `https://${host}/show/master.m3u8?token=${token}`,
    null,
    MASTER(token, host),
  );
  registry.observeManifest(
    `https://${host}/show/v360/index.m3u8?token=${token}`,
    null,
    MEDIA(token),
  );
  registry.observeManifest(`https://${host}/show/audio/en.m3u8?token=${token}`, null, MEDIA(token));
  return registry;
}

describe("identity across viewers", () => {
  it("two viewers with different tokens and CDN hosts get the same swarmId and segmentId", () => {
    const alice = alicesRegistry();
    const bob = viewer("bbbb", "edge-9.cdn-b.net");
    const a = alice.match(get("https://edge-1.cdn-a.com/show/v360/s1.ts?token=aaaa"));
    const b = bob.match(get("https://edge-9.cdn-b.net/show/v360/s1.ts?token=bbbb"));
    expect(a).toEqual({
      swarmId: "hls:/show/master.m3u8#/show/v360/index.m3u8",
      segmentId: "1",
      deadlineMs: 2000,
    });
    expect(b).toEqual(a);
  });

  it("variants and the audio rendition are different swarms", () => {
    const alice = alicesRegistry();
    alice.observeManifest(
      "https://edge-1.cdn-a.com/show/v720/index.m3u8?token=aaaa",
      null,
      MEDIA("aaaa"),
    );
    const ids = new Set(alice.streams().map((stream) => stream.swarmId));
    expect(ids).toEqual(
      new Set([
        "hls:/show/master.m3u8#/show/v360/index.m3u8",
        "hls:/show/master.m3u8#/show/v720/index.m3u8",
        "hls:/show/master.m3u8#/show/audio/en.m3u8",
      ]),
    );
    const info = alice.streams().find((stream) => stream.swarmId.endsWith("v720/index.m3u8"));
    expect(info).toMatchObject({
      trackType: "main",
      bandwidth: 2500000,
      width: 1280,
      height: 720,
      live: false,
    });
  });

  it("a variant URI with a token in its path is keyed by bandwidth and resolution", () => {
    const registry = new StreamRegistry();
    const token = "hdnts=exp=1700000000~acl=%2Ftv%2F*~hmac=9f8e7d6c5b4a";
    registry.observeManifest(
      "https://a.example/tv/master.m3u8",
      null,
      `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n/${token}/v/index.m3u8\n`,
    );
    const observed = registry.observeManifest(
      `https://a.example/${token}/v/index.m3u8`,
      null,
      MEDIA("x"),
    );
    expect(observed).toMatchObject({ swarmIds: ["hls:/tv/master.m3u8#bw800000-640x360"] });
  });

  it("a media playlist seen before its master gets the master's swarm once the master arrives", () => {
    const registry = new StreamRegistry();
    const first = registry.observeManifest(
      "https://a.example/show/v360/index.m3u8",
      null,
      MEDIA("t"),
    );
    expect(first).toMatchObject({ swarmIds: ["hls:/show/v360/index.m3u8#media"] });
    registry.observeManifest("https://a.example/show/master.m3u8", null, MASTER("t", "a.example"));
    expect(registry.match(get("https://a.example/show/v360/s0.ts?token=t"))?.swarmId).toBe(
      "hls:/show/master.m3u8#/show/v360/index.m3u8",
    );
    expect(registry.streams()).toHaveLength(1);
  });
});

describe("match", () => {
  it("exact URL, rotated query token, CDN host switch; only GET; unknown URLs undefined", () => {
    const alice = alicesRegistry();
    const exact = alice.match(get("https://edge-1.cdn-a.com/show/v360/s2.ts?token=aaaa"));
    expect(exact?.segmentId).toBe("2");
    expect(alice.match(get("https://edge-1.cdn-a.com/show/v360/s2.ts?token=rotated"))).toEqual(
      exact,
    );
    expect(alice.match(get("https://edge-7.cdn-c.org/show/v360/s2.ts"))).toEqual(exact);
    expect(
      alice.match({
        ...get("https://edge-1.cdn-a.com/show/v360/s2.ts?token=aaaa"),
        method: "POST",
      }),
    ).toBeUndefined();
    expect(alice.match(get("https://edge-1.cdn-a.com/show/v360/s9.ts?token=aaaa"))).toBeUndefined();
    expect(
      alice.match(get("https://edge-1.cdn-a.com/show/master.m3u8?token=aaaa")),
    ).toBeUndefined();
    expect(new StreamRegistry().match(get("https://x.example/a.ts"))).toBeUndefined();
  });

  it("a Range header must be the segment's byte range (ffmpeg single-file fMP4)", async () => {
    const registry = new StreamRegistry();
    const url = urlOf("hlsSingleFmp4");
    registry.observeManifest(
      url,
      "application/vnd.apple.mpegurl",
      await streams.manifest("hlsSingleFmp4"),
    );
    const [first, second] = registry.segments(registry.streams()[0]?.swarmId ?? "");
    const file = url.replace("index.m3u8", "index.m4s");
    const header = (offset = 0, length = 0) =>
      `bytes=${String(offset)}-${String(offset + length - 1)}`;
    const hit = registry.match(get(file, header(second?.range?.offset, second?.range?.length)));
    expect(hit).toMatchObject({ segmentId: second?.id, size: second?.range?.length });
    const init = registry.match(
      get(file, header(first?.init?.range?.offset, first?.init?.range?.length)),
    );
    expect(init?.segmentId).toBe(first?.init?.id);
    expect(registry.match(get(file, header(second?.range?.offset, 10)))).toBeUndefined();
    expect(registry.match(get(file))).toBeUndefined();
    expect(registry.match(get(file, "bytes=-500"))).toBeUndefined();
  });

  it("DASH SegmentBase: init, index and media ranges and the whole file match", () => {
    const registry = new StreamRegistry();
    const mpd = `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT6S"><Period><AdaptationSet contentType="audio" mimeType="audio/mp4"><Representation id="a1" bandwidth="64000"><BaseURL>audio.mp4</BaseURL><SegmentBase indexRange="600-699"><Initialization range="0-599"/></SegmentBase></Representation></AdaptationSet></Period></MPD>`;
    registry.observeManifest("https://a.example/vod/m.mpd?sig=1", "application/dash+xml", mpd);
    const file = "https://b.example/vod/audio.mp4?sig=2";
    expect(registry.match(get(file, "bytes=0-599"))).toMatchObject({
      swarmId: "dash:/vod/m.mpd#audio:a1",
      segmentId: "init:/vod/audio.mp4@0-599",
      size: 600,
    });
    expect(registry.match(get(file, "bytes=600-699"))?.segmentId).toBe("sidx@600-699");
    expect(registry.match(get(file, "bytes=700-"))?.segmentId).toBe("media@700-");
    expect(registry.match(get(file))?.segmentId).toBe("file");
    expect(registry.match(get(file, "bytes=0-"))?.segmentId).toBe("file");
    expect(registry.match(get(file, "bytes=700-900"))).toBeUndefined();
  });

  it("several streams on one page at once (HLS TS, fMP4 and DASH)", async () => {
    const registry = new StreamRegistry();
    for (const name of ["hlsTs", "hlsFmp4", "dashTemplate"] as const) {
      expect(
        registry.observeManifest(urlOf(name), null, await streams.manifest(name)),
      ).not.toBeInstanceOf(Error);
    }
    expect(registry.streams()).toHaveLength(4); // two HLS tracks, DASH video and audio
    expect(registry.match(get("https://cdn-a.example.com/media/ts/index1.ts"))?.swarmId).toBe(
      "hls:/media/ts/index.m3u8#media",
    );
    expect(registry.match(get("https://cdn-a.example.com/media/fmp4/init.mp4"))).toMatchObject({
      segmentId: "init:/media/fmp4/init.mp4",
    });
    expect(
      registry.match(get("https://cdn-a.example.com/media/dash/chunk-stream1-00002.m4s")),
    ).toMatchObject({
      swarmId: "dash:/media/dash/manifest.mpd#audio:1",
      segmentId: "n2",
    });
  });
});

describe("upcoming and positions", () => {
  it("next segments after an id or from a position, with priorities and start times", async () => {
    const registry = new StreamRegistry();
    registry.observeManifest(urlOf("hlsFmp4"), null, await streams.manifest("hlsFmp4"));
    const swarmId = registry.streams()[0]?.swarmId ?? "";
    expect(registry.segments(swarmId).map((segment) => segment.start)).toEqual([0, 2, 4]);
    expect(
      registry.upcoming(swarmId, "0", 5).map((next) => [next.segmentId, next.priority, next.start]),
    ).toEqual([
      ["1", 0, 2],
      ["2", 1, 4],
    ]);
    const fromPosition = registry.upcoming(swarmId, 2.5, 1);
    expect(fromPosition).toEqual([
      {
        segmentId: "1",
        url: "https://cdn-a.example.com/media/fmp4/index1.m4s",
        range: undefined,
        duration: 2,
        start: 2,
        priority: 0,
        init: {
          segmentId: "init:/media/fmp4/init.mp4",
          url: "https://cdn-a.example.com/media/fmp4/init.mp4",
          range: undefined,
        },
      },
    ]);
    expect(registry.segmentAt(swarmId, 5.9)?.id).toBe("2");
    expect(registry.segmentAt(swarmId, 6.1)).toBeUndefined();
    expect(registry.upcoming(swarmId, "unknown", 3)).toEqual([]);
    expect(registry.upcoming("no-such-swarm", 0, 3)).toEqual([]);
  });

  it("deadline is half the segment duration within [200, 2000] ms", () => {
    const registry = new StreamRegistry();
    const playlist =
      "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:0.2,\na.ts\n#EXTINF:1,\nb.ts\n#EXTINF:6,\nc.ts\n#EXT-X-ENDLIST\n";
    registry.observeManifest("https://a.example/p.m3u8", null, playlist);
    const deadline = (name: string) => registry.match(get(`https://a.example/${name}`))?.deadlineMs;
    expect([deadline("a.ts"), deadline("b.ts"), deadline("c.ts")]).toEqual([200, 500, 2000]);
  });
});

function alicesRegistry(): StreamRegistry {
  return viewer("aaaa", "edge-1.cdn-a.com");
}
