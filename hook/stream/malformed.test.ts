import debugFactory from "debug";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ManifestError } from "./errors";
import { StreamRegistry } from "./registry";

const INPUTS: [string, string | null, string, string][] = [
  ["garbage", null, "\u0000\u00ff\u0001 not a manifest at all", "not-a-manifest"],
  [
    "HTML page with an HLS type",
    "application/vnd.apple.mpegurl",
    "<!doctype html><html><body>Error 403</body></html>",
    "not-a-manifest",
  ],
  [
    "truncated MPD",
    "application/dash+xml",
    '<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"><Period><AdaptationSet',
    "parse-failed",
  ],
  [
    "MPD without periods",
    "application/dash+xml",
    '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"></MPD>',
    "parse-failed",
  ],
  [
    "MPD without representations",
    "application/dash+xml",
    '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S"><Period id="0"></Period></MPD>',
    "empty",
  ],
  ["empty playlist", null, "#EXTM3U\n", "empty"],
  ["playlist of junk lines", null, "#EXTM3U\n#EXTINF:abc,\n\n#EXT-X-BYTERANGE:zz@\n", "empty"],
  ["empty body", "application/x-mpegURL", "", "not-a-manifest"],
];

afterEach(() => {
  debugFactory.disable();
});

describe("malformed manifests", () => {
  it.each(INPUTS)(
    "%s: a typed error value, nothing thrown, nothing registered",
    (_, type, text, code) => {
      const registry = new StreamRegistry();
      const result = registry.observeManifest("https://a.example/x/manifest.m3u8", type, text);
      expect(result).toBeInstanceOf(ManifestError);
      expect((result as ManifestError).code).toBe(code);
      expect(registry.streams()).toEqual([]);
      expect(
        registry.match({
          url: "https://a.example/x/manifest.m3u8",
          method: "GET",
          range: undefined,
        }),
      ).toBeUndefined();
    },
  );

  it("a relative manifest URL is an error value, not an exception", () => {
    const result = new StreamRegistry().observeManifest(
      "/relative.m3u8",
      null,
      "#EXTM3U\n#EXTINF:2,\na.ts\n",
    );
    expect((result as ManifestError).code).toBe("parse-failed");
  });

  it("logs ignored manifests under the p2pv:hook debug namespace", () => {
    const log = vi.fn();
    debugFactory.enable("p2pv:hook");
    const debug = debugFactory("p2pv:hook");
    const original = debug.log;
    debugFactory.log = log;
    try {
      new StreamRegistry().observeManifest("https://a.example/x.m3u8", null, "<html></html>");
    } finally {
      debugFactory.log = original;
    }
    expect(log).toHaveBeenCalledTimes(1);
    const line = (log.mock.calls[0] ?? []).map(String).join(" ");
    expect(line).toContain("p2pv:hook");
    expect(line).toContain("not-a-manifest");
  });

  it("a bad manifest does not disturb streams already known", () => {
    const registry = new StreamRegistry();
    registry.observeManifest(
      "https://a.example/x/index.m3u8",
      null,
      "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n#EXT-X-ENDLIST\n",
    );
    registry.observeManifest("https://a.example/x/index.m3u8", null, "<html>oops</html>");
    expect(
      registry.match({ url: "https://a.example/x/a.ts", method: "GET", range: undefined })
        ?.segmentId,
    ).toBe("0");
  });
});
