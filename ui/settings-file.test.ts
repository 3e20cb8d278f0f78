import { describe, expect, it } from "vitest";
import { parseSettingsFile, settingsFileText } from "./settings-file";

describe("settings file", () => {
  it("round-trips", () => {
    const settings = { cachedSegmentsCount: 50, trackerAnnounce: ["wss://t.example"] };
    expect(parseSettingsFile(settingsFileText(settings))).toEqual({ ok: true, settings });
  });

  it("accepts a bare settings object", () => {
    expect(parseSettingsFile('{"consumeOnly":true}')).toEqual({
      ok: true,
      settings: { consumeOnly: true },
    });
  });

  it("refuses what the background would refuse", () => {
    expect(parseSettingsFile("{")).toEqual({ ok: false, error: "The file is not JSON." });
    for (const bad of [
      '{"cachedSegmentsCount":-1}',
      '{"unknownSetting":1}',
      '{"segmentsStorage":{}}',
      "[]",
      '{"kind":"peercast-video-settings","settings":{"trackerAnnounce":["http://x"]}}',
    ])
      expect(parseSettingsFile(bad).ok, bad).toBe(false);
  });
});
