import { describe, expect, it } from "vitest";
import { LIMITS } from "../../messaging/limits";
import { initSegmentId, swarmIdOf } from "./identity";
import { StreamRegistry } from "./registry";

const get = (url: string) => ({ url, method: "GET", range: undefined });

const MASTER = (query: string): string =>
  `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nv360/index.m3u8${query}\n`;

const MEDIA = (query: string): string =>
  `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\ns0.ts${query}\n#EXTINF:4,\ns1.ts${query}\n#EXT-X-ENDLIST\n`;

/** A viewer of the video at `base` (a directory URL), whose URLs all carry `query`. */
function viewer(base: string, query = ""): StreamRegistry {
  const registry = new StreamRegistry();
  registry.observeManifest(`${base}master.m3u8${query}`, null, MASTER(query));
  registry.observeManifest(`${base}v360/index.m3u8${query}`, null, MEDIA(query));
  return registry;
}

const swarmOf = (registry: StreamRegistry, url: string): string | undefined =>
  registry.match(get(url))?.swarmId;

const UUID_A = "3f2b8c1e-9d4a-4e6b-8f0a-1c2d3e4f5a6b";
const UUID_B = "7c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f";

describe("two videos never share a swarm", () => {
  it("URLs that differ only by a UUID path segment", () => {
    const a = viewer(`https://site.example/videos/${UUID_A}/`);
    const b = viewer(`https://site.example/videos/${UUID_B}/`);
    const swarmA = swarmOf(a, `https://site.example/videos/${UUID_A}/v360/s1.ts`);
    const swarmB = swarmOf(b, `https://site.example/videos/${UUID_B}/v360/s1.ts`);
    expect(swarmA).toBe(`hls:/videos/${UUID_A}/master.m3u8#/videos/${UUID_A}/v360/index.m3u8`);
    expect(swarmB).toBeDefined();
    expect(swarmB).not.toBe(swarmA);
  });

  it("URLs that differ only by a ?v= parameter", () => {
    const a = viewer("https://site.example/watch/", "?v=1001");
    const b = viewer("https://site.example/watch/", "?v=2002");
    const swarmA = swarmOf(a, "https://site.example/watch/v360/s1.ts?v=1001");
    const swarmB = swarmOf(b, "https://site.example/watch/v360/s1.ts?v=2002");
    expect(swarmA).toBe("hls:/watch/master.m3u8?v=1001#/watch/v360/index.m3u8?v=1001");
    expect(swarmB).toBe("hls:/watch/master.m3u8?v=2002#/watch/v360/index.m3u8?v=2002");
  });

  it("one page with both: each request matches its own video, a rotated token too", () => {
    const page = viewer("https://site.example/watch/", "?v=1001&token=a");
    page.observeManifest("https://site.example/watch/master.m3u8?v=2002", null, MASTER("?v=2002"));
    page.observeManifest(
      "https://site.example/watch/v360/index.m3u8?v=2002",
      null,
      MEDIA("?v=2002"),
    );
    expect(swarmOf(page, "https://site.example/watch/v360/s1.ts?token=b&v=1001")).toContain("1001");
    expect(swarmOf(page, "https://site.example/watch/v360/s1.ts?v=2002")).toContain("2002");
    expect(swarmOf(page, "https://site.example/watch/v360/s1.ts?v=3003")).toBeUndefined();
  });

  it("the same path on two hosts is not matched from a third (it may be two videos)", () => {
    const page = viewer("https://one.example/hls/");
    page.observeManifest("https://two.example/hls/master.m3u8", null, MASTER(""));
    page.observeManifest("https://two.example/hls/v360/index.m3u8", null, MEDIA(""));
    expect(swarmOf(page, "https://one.example/hls/v360/s0.ts")).toBeDefined();
    expect(swarmOf(page, "https://two.example/hls/v360/s0.ts")).toBeDefined();
    // Both hosts' manifests have the same stable keys, so here it IS one swarm: still matched.
    expect(swarmOf(page, "https://three.example/hls/v360/s0.ts")).toBeDefined();
    // Two different media playlists on two hosts listing the same segment path.
    const other = new StreamRegistry();
    const playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\n/hls/s0.ts\n#EXT-X-ENDLIST\n";
    other.observeManifest("https://one.example/a/index.m3u8", null, playlist);
    other.observeManifest("https://two.example/b/index.m3u8", null, playlist);
    expect(swarmOf(other, "https://one.example/hls/s0.ts")).toBe("hls:/a/index.m3u8#media");
    expect(swarmOf(other, "https://two.example/hls/s0.ts")).toBe("hls:/b/index.m3u8#media");
    expect(swarmOf(other, "https://three.example/hls/s0.ts")).toBeUndefined();
  });

  it("tokenized URLs of one video share one swarm (query and Akamai path tokens)", () => {
    const byQuery = ["?token=X", "?token=Y", "?hdnts=exp=1~acl=/*~hmac=ab"].map((query) =>
      swarmOf(
        viewer("https://cdn.example/v/abc/", query),
        `https://cdn.example/v/abc/v360/s0.ts${query}`,
      ),
    );
    expect(new Set(byQuery)).toEqual(new Set(["hls:/v/abc/master.m3u8#/v/abc/v360/index.m3u8"]));
    const byPath = ["hdnts=exp=1~acl=%2F*~hmac=aa", "hdnts=exp=2~acl=%2F*~hmac=bb"].map((token) =>
      swarmOf(
        viewer(`https://cdn.example/${token}/v/abc/`),
        `https://cdn.example/${token}/v/abc/v360/s0.ts`,
      ),
    );
    expect(new Set(byPath)).toEqual(new Set(["hls:/*/v/abc/master.m3u8#bw800000-640x360"]));
  });
});

describe("ids", () => {
  it("init segments with one file name in two directories are two ids", () => {
    const ad = initSegmentId(new URL("https://a.example/ad/init.mp4"), undefined);
    expect(ad).toBe("init:/ad/init.mp4");
    expect(initSegmentId(new URL("https://a.example/main/init.mp4?token=x"), undefined)).toBe(
      "init:/main/init.mp4",
    );
  });

  it("a swarm id too long for the messaging schemas is cut with a hash of the whole", () => {
    const long = (v: string) => new URL(`https://a.example/m.m3u8?v=${v}&pad=${"x".repeat(600)}`);
    const one = swarmIdOf("hls", long("1"), "media");
    const two = swarmIdOf("hls", long("2"), "media");
    expect(one.length).toBeLessThanOrEqual(LIMITS.swarmIdChars);
    expect(two.length).toBeLessThanOrEqual(LIMITS.swarmIdChars);
    expect(one).not.toBe(two);
    expect(swarmIdOf("hls", long("1"), "media")).toBe(one);
  });
});
