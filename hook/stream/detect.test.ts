import { describe, expect, it } from "vitest";
import { detectManifest, isManifestCandidate } from "./detect";

const MPD = `<?xml version="1.0"?>\n<!-- made by hand -->\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"></MPD>`;

describe("isManifestCandidate", () => {
  it.each([
    ["https://a.example/x/playlist", "application/vnd.apple.mpegurl"],
    ["https://a.example/x/playlist", "application/x-mpegURL; charset=utf-8"],
    ["https://a.example/x/playlist", "audio/mpegurl"],
    ["https://a.example/x/manifest", "application/dash+xml"],
    ["https://a.example/x/index.m3u8?token=abc", null],
    ["https://a.example/x/stream.mpd?token=abc", "text/plain"],
    ["https://a.example/x/api/manifest?id=3", "application/octet-stream"],
  ])("accepts %s (%s)", (url, type) => {
    expect(isManifestCandidate(url, type)).toBe(true);
  });

  it.each([
    ["https://a.example/x/seg1.ts", "video/mp2t"],
    ["https://a.example/x/seg1.m4s", "video/mp4"],
    ["https://a.example/x/seg1.m4s?token=a", "application/octet-stream"],
    ["https://a.example/x/seg1.ts", "application/octet-stream"],
    ["https://a.example/x/init.mp4", null],
    ["https://a.example/x/audio.aac", "audio/aac"],
    ["https://a.example/x/index.m3u8", "video/mp2t"],
    ["https://a.example/x/page.html", "text/html"],
    ["https://a.example/x/app.js", "application/javascript"],
  ])("rejects %s (%s)", (url, type) => {
    expect(isManifestCandidate(url, type)).toBe(false);
  });
});

describe("detectManifest", () => {
  it("sniffs #EXTM3U and an MPD root whatever the headers say", () => {
    expect(detectManifest("https://a.example/x", null, "\uFEFF#EXTM3U\n#EXT-X-VERSION:3")).toBe(
      "hls",
    );
    expect(detectManifest("https://a.example/x", "text/plain", MPD)).toBe("dash");
    expect(detectManifest("https://a.example/x.m3u8", "application/x-mpegurl", MPD)).toBe("dash");
  });

  it("accepts a DASH body with an unusual prolog when type or URL say DASH", () => {
    const body = `<?xml version="1.0"?><!DOCTYPE MPD><MPD type="static"></MPD>`;
    expect(detectManifest("https://a.example/x.mpd?t=1", null, body)).toBe("dash");
    expect(detectManifest("https://a.example/x", "application/dash+xml", body)).toBe("dash");
    expect(detectManifest("https://a.example/x", null, body)).toBeUndefined();
  });

  it("rejects HTML and garbage even with manifest headers", () => {
    const html = "<!doctype html><html><body>403 Forbidden</body></html>";
    expect(
      detectManifest("https://a.example/x.m3u8", "application/vnd.apple.mpegurl", html),
    ).toBeUndefined();
    expect(detectManifest("https://a.example/x.mpd", "application/dash+xml", html)).toBeUndefined();
    expect(detectManifest("https://a.example/x.m3u8", null, "\u0000\u0001garbage")).toBeUndefined();
  });
});
