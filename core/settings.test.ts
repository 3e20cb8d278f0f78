import { describe, expect, it } from "vitest";
import { SettingsError, defaultSettings, resolveSettings } from "./settings.js";
import { MemorySegmentsStorage } from "./storage/memory-storage.js";

/** p2p-media-loader-core 0.6.2's documented defaults, written out independently of the code. */
const P2P_MEDIA_LOADER_0_6_2_DEFAULTS = {
  cachedSegmentExpiration: 300000,
  cachedSegmentsCount: 30,
  requiredSegmentsPriority: 1,
  useP2P: true,
  consumeOnly: false,
  simultaneousHttpDownloads: 2,
  httpDownloadProbability: 0.1,
  httpDownloadProbabilityInterval: 1000,
  httpDownloadProbabilitySkipIfNoPeers: false,
  httpFailedSegmentTimeout: 10000,
  httpDownloadMaxPriority: 20,
  httpDownloadInitialTimeout: 0,
  httpDownloadInitialTimeoutPerSegment: 4000,
  httpUseRanges: false,
  simultaneousP2PDownloads: 3,
  p2pDownloadMaxPriority: 20,
  p2pSegmentDownloadTimeout: 60000,
  webRtcMaxMessageSize: 65535,
  peerRequestsPerAnnounce: 10,
  segmentValidator: undefined,
  xhrSetup: undefined,
  segmentUrlBuilder: undefined,
  segmentsStorage: undefined,
  trackerAnnounce: ["wss://tracker.novage.com.ua", "wss://tracker.openwebtorrent.com"],
};

function settingsErrorOf(input: unknown): SettingsError {
  try {
    resolveSettings(input);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw new Error(`expected SettingsError, got ${String(error)}`);
  }
  throw new Error(`expected SettingsError for ${JSON.stringify(input)}`);
}

describe("defaults", () => {
  it("resolveSettings() and resolveSettings({}) give the 0.6.2 defaults", () => {
    for (const resolved of [resolveSettings(), resolveSettings({})]) {
      for (const [key, value] of Object.entries(P2P_MEDIA_LOADER_0_6_2_DEFAULTS)) {
        expect(resolved, key).toHaveProperty(key);
        expect(resolved[key as keyof typeof resolved], key).toEqual(value);
      }
    }
  });

  it("defaultSettings holds the same values", () => {
    for (const [key, value] of Object.entries(P2P_MEDIA_LOADER_0_6_2_DEFAULTS)) {
      expect(defaultSettings[key as keyof typeof defaultSettings], key).toEqual(value);
    }
  });

  it("the added settings have their documented defaults and pass validation", () => {
    const resolved = resolveSettings();
    expect(resolved.p2pInactivityTimeout).toBe(4000);
    expect(resolved.p2pRequiredSegmentTimeout).toBe(1500);
    expect(resolved.p2pMinDownloadSpeed).toBe(16 * 1024);
    expect(resolved.maxSegmentSize).toBe(64 * 1024 * 1024);
    expect(resolved.rtcConfig.iceServers?.length).toBeGreaterThan(0);
  });

  it("resolving does not let callers mutate the shared defaults", () => {
    const resolved = resolveSettings();
    resolved.trackerAnnounce.push("wss://example.invalid");
    expect(defaultSettings.trackerAnnounce).toEqual(
      P2P_MEDIA_LOADER_0_6_2_DEFAULTS.trackerAnnounce,
    );
  });
});

describe("overrides", () => {
  it("valid overrides pass through unchanged, others keep defaults", () => {
    const segmentValidator = () => Promise.resolve();
    const xhrSetup = () => undefined;
    const segmentUrlBuilder = () => "https://cdn.example/seg.ts";
    const segmentsStorage = new MemorySegmentsStorage(() => 0, 5, 1000);
    const overrides = {
      cachedSegmentExpiration: 0,
      cachedSegmentsCount: 1,
      requiredSegmentsPriority: 0,
      useP2P: false,
      consumeOnly: true,
      simultaneousHttpDownloads: 5,
      httpDownloadProbability: 1,
      httpDownloadProbabilityInterval: 250,
      httpDownloadProbabilitySkipIfNoPeers: true,
      httpUseRanges: true,
      p2pDownloadMaxPriority: 0,
      webRtcMaxMessageSize: 16 * 1024,
      peerRequestsPerAnnounce: 1,
      trackerAnnounce: ["ws://127.0.0.1:8000", "wss://tracker.example:443/announce"],
      segmentValidator,
      xhrSetup,
      segmentUrlBuilder,
      segmentsStorage,
    };
    const resolved = resolveSettings(overrides);
    expect(resolved).toMatchObject(overrides);
    expect(resolved.segmentValidator).toBe(segmentValidator);
    expect(resolved.xhrSetup).toBe(xhrSetup);
    expect(resolved.segmentUrlBuilder).toBe(segmentUrlBuilder);
    expect(resolved.segmentsStorage).toBe(segmentsStorage);
    expect(resolved.httpFailedSegmentTimeout).toBe(10000);
    expect(resolved.simultaneousP2PDownloads).toBe(3);
  });

  it("an explicit undefined for an optional setting is accepted", () => {
    expect(resolveSettings({ segmentValidator: undefined }).segmentValidator).toBeUndefined();
  });

  it("boundary values are accepted", () => {
    expect(resolveSettings({ httpDownloadProbability: 0 }).httpDownloadProbability).toBe(0);
    expect(resolveSettings({ peerRequestsPerAnnounce: 10 }).peerRequestsPerAnnounce).toBe(10);
    expect(resolveSettings({ cachedSegmentExpiration: 0 }).cachedSegmentExpiration).toBe(0);
  });
});

describe("invalid settings", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["unknown key", { cachedSegmentCount: 30 }, "cachedSegmentCount"],
    ["unknown key next to valid ones", { useP2P: false, bogus: 1 }, "bogus"],
    ["string for a number", { cachedSegmentsCount: "30" }, "cachedSegmentsCount"],
    ["string for a probability", { httpDownloadProbability: "0.1" }, "httpDownloadProbability"],
    ["number for a boolean", { useP2P: 1 }, "useP2P"],
    ["number for a boolean (consumeOnly)", { consumeOnly: 0 }, "consumeOnly"],
    ["null for a number", { simultaneousHttpDownloads: null }, "simultaneousHttpDownloads"],
    ["NaN", { httpFailedSegmentTimeout: Number.NaN }, "httpFailedSegmentTimeout"],
    ["Infinity", { cachedSegmentExpiration: Infinity }, "cachedSegmentExpiration"],
    ["negative expiration", { cachedSegmentExpiration: -1 }, "cachedSegmentExpiration"],
    ["negative priority", { requiredSegmentsPriority: -1 }, "requiredSegmentsPriority"],
    ["non-integer count", { cachedSegmentsCount: 2.5 }, "cachedSegmentsCount"],
    ["zero count", { cachedSegmentsCount: 0 }, "cachedSegmentsCount"],
    ["zero http slots", { simultaneousHttpDownloads: 0 }, "simultaneousHttpDownloads"],
    ["non-integer p2p slots", { simultaneousP2PDownloads: 1.5 }, "simultaneousP2PDownloads"],
    ["probability 1.5", { httpDownloadProbability: 1.5 }, "httpDownloadProbability"],
    ["negative probability", { httpDownloadProbability: -0.1 }, "httpDownloadProbability"],
    ["peerRequestsPerAnnounce 11", { peerRequestsPerAnnounce: 11 }, "peerRequestsPerAnnounce"],
    ["peerRequestsPerAnnounce 0", { peerRequestsPerAnnounce: 0 }, "peerRequestsPerAnnounce"],
    ["tiny message size", { webRtcMaxMessageSize: 100 }, "webRtcMaxMessageSize"],
    ["non-function validator", { segmentValidator: "yes" }, "segmentValidator"],
    ["object validator", { segmentValidator: {} }, "segmentValidator"],
    ["non-function xhrSetup", { xhrSetup: 1 }, "xhrSetup"],
    ["non-function url builder", { segmentUrlBuilder: "x" }, "segmentUrlBuilder"],
    [
      "storage missing methods",
      { segmentsStorage: { storeSegment: () => Promise.resolve(), getSegment: () => undefined } },
      "segmentsStorage",
    ],
    ["storage that is not an object", { segmentsStorage: "memory" }, "segmentsStorage"],
    ["trackerAnnounce not an array", { trackerAnnounce: "wss://t.example" }, "trackerAnnounce"],
    ["trackerAnnounce empty", { trackerAnnounce: [] }, "trackerAnnounce"],
    ["rtcConfig not an object", { rtcConfig: "stun" }, "rtcConfig"],
  ];

  it.each(cases)("%s", (_name, input, setting) => {
    const error = settingsErrorOf(input);
    expect(error.setting).toBe(setting);
    expect(error.message).toContain(setting);
  });

  it.each([
    ["http://tracker.example"],
    ["https://tracker.example"],
    ["tracker.example"],
    ["wss://"],
  ])("a bad tracker URL (%s) names trackerAnnounce", (url) => {
    const error = settingsErrorOf({ trackerAnnounce: ["wss://ok.example", url] });
    // The key, optionally with the index of the bad entry.
    expect(error.setting).toMatch(/^trackerAnnounce(\.1)?$/);
  });

  it("a storage object with every method but destroy is rejected", () => {
    const storage = new MemorySegmentsStorage(() => 0, 5, 1000);
    const partial = {
      storeSegment: storage.storeSegment.bind(storage),
      getSegmentsMap: storage.getSegmentsMap.bind(storage),
      getSegment: storage.getSegment.bind(storage),
      clean: storage.clean.bind(storage),
    };
    expect(settingsErrorOf({ segmentsStorage: partial }).setting).toBe("segmentsStorage");
  });

  it.each([[null], [5], ["settings"], [true], [[]], [[{ useP2P: false }]]])(
    "non-object input %j throws SettingsError",
    (input) => {
      const error = settingsErrorOf(input);
      expect(error).toBeInstanceOf(SettingsError);
      expect(error.setting).toBe("");
    },
  );
});
