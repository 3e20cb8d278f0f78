import { describe, expect, it } from "vitest";
import { defaultSettings } from "../core/settings";
import { storedSettingsSchema } from "../messaging/stored-settings";
import {
  checkScalar,
  checkTracker,
  draftFrom,
  sameValue,
  SCALAR_KEYS,
  settingsFromDraft,
} from "./settings-draft";
import { SETTING_HELP } from "./setting-help";

describe("settings draft", () => {
  it("covers every storable setting: scalars in groups, the two lists in editors", () => {
    const storable = Object.keys(defaultSettings).filter(
      (key) =>
        !["segmentValidator", "xhrSetup", "segmentUrlBuilder", "segmentsStorage"].includes(key),
    );
    expect([...SCALAR_KEYS, "trackerAnnounce", "rtcConfig"].sort()).toEqual(storable.sort());
    expect(Object.keys(SETTING_HELP).sort()).toEqual(storable.sort());
  });

  it("an untouched draft stores nothing (defaults stay defaults)", () => {
    expect(settingsFromDraft(draftFrom({}))).toEqual({ ok: true, settings: {} });
  });

  it("stores only what differs from the defaults, and the result passes the stored schema", () => {
    const draft = draftFrom({ cachedSegmentsCount: 40 });
    draft.scalars.httpUseRanges = true;
    draft.scalars.httpDownloadProbability = " 0.5 ";
    draft.trackers = ["ws://127.0.0.1:8000"];
    draft.iceServers = [];
    const result = settingsFromDraft(draft);
    expect(result).toEqual({
      ok: true,
      settings: {
        cachedSegmentsCount: 40,
        httpUseRanges: true,
        httpDownloadProbability: 0.5,
        trackerAnnounce: ["ws://127.0.0.1:8000"],
        rtcConfig: { iceServers: [] },
      },
    });
    if (result.ok) expect(storedSettingsSchema.safeParse(result.settings).success).toBe(true);
  });

  it("names each bad field with a plain message", () => {
    expect(checkScalar("cachedSegmentsCount", "-1").error).toBe("Must be at least 1 segments");
    expect(checkScalar("cachedSegmentsCount", "10001").error).toBe(
      "Must be at most 10000 segments",
    );
    expect(checkScalar("httpDownloadProbability", "2").error).toBe("Must be at most 1");
    expect(checkScalar("simultaneousHttpDownloads", "1.5").error).toBe("Must be a whole number");
    expect(checkScalar("httpFailedSegmentTimeout", "").error).toBe("Enter a number");
    expect(checkScalar("httpFailedSegmentTimeout", "ten").error).toBe("Enter a number");
    expect(checkTracker("http://x")).toBe("expected a ws:// or wss:// tracker URL");
    expect(checkTracker("wss://tracker.example")).toBeUndefined();

    const draft = draftFrom({});
    draft.scalars.cachedSegmentsCount = "0";
    draft.trackers = [];
    draft.iceServers = [{ urls: "turn:turn.example", username: "", credential: "" }];
    expect(settingsFromDraft(draft)).toEqual({
      ok: false,
      errors: {
        cachedSegmentsCount: "Must be at least 1 segments",
        trackerAnnounce: "Add at least one tracker",
        "iceServers.0": "A TURN server needs a username and a credential",
      },
    });
  });

  it("shows numbers in the units people read and stores the core's units", () => {
    const draft = draftFrom({ p2pMaxUploadSpeed: 125_000, cacheMaxBytes: 2_000_000_000 });
    expect(draft.scalars.p2pMaxUploadSpeed).toBe("1");
    expect(draft.scalars.cacheMaxBytes).toBe("2000");
    expect(draft.scalars.cachedSegmentExpiration).toBe("300");
    expect(draft.scalars.maxSegmentSize).toBe("67.108864");
    draft.scalars.p2pMaxUploadSpeed = "2.5";
    draft.scalars.cachedSegmentExpiration = "90.5";
    expect(settingsFromDraft(draft)).toEqual({
      ok: true,
      settings: {
        p2pMaxUploadSpeed: 312_500,
        cacheMaxBytes: 2_000_000_000,
        cachedSegmentExpiration: 90_500,
      },
    });
  });

  it("refuses out-of-bounds values in the unit shown, with the schema's bounds", () => {
    expect(checkScalar("cacheMaxBytes", "199").error).toBe("Must be at least 200 MB");
    expect(checkScalar("cacheMaxBytes", "10001").error).toBe("Must be at most 10000 MB");
    expect(checkScalar("p2pMaxUploadSpeed", "-1").error).toBe("Must be at least 0 Mbit/s");
    expect(checkScalar("p2pMaxUploadSpeed", "9000").error).toBe("Must be at most 8589.934 Mbit/s");
    expect(checkScalar("p2pSegmentDownloadTimeout", "0").error).toBe("Must be at least 0.001 s");
    expect(checkScalar("p2pMaxUploadSpeed", "8589.934").value).toBe(1_073_741_750);
  });

  it("keeps rtcConfig keys it does not edit", () => {
    const draft = draftFrom({ rtcConfig: { iceServers: [], iceTransportPolicy: "relay" } });
    draft.iceServers = [{ urls: "stun:a.example stun:b.example", username: "", credential: "" }];
    expect(settingsFromDraft(draft)).toEqual({
      ok: true,
      settings: {
        rtcConfig: {
          iceTransportPolicy: "relay",
          iceServers: [{ urls: ["stun:a.example", "stun:b.example"] }],
        },
      },
    });
  });

  it("settings read back with their keys sorted (as chrome.storage returns them) are unchanged", () => {
    const stored = {
      httpUseRanges: true,
      cachedSegmentsCount: 50,
      rtcConfig: { iceServers: [{ urls: "turn:t.example:3478", username: "u", credential: "c" }] },
    };
    const result = settingsFromDraft(draftFrom(stored));
    if (!result.ok) throw new Error("draft refused");
    const sorted = JSON.parse(
      JSON.stringify(result.settings, (_key, value: unknown) =>
        value !== null && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).sort().reverse())
          : value,
      ),
    ) as unknown;
    expect(JSON.stringify(sorted)).not.toBe(JSON.stringify(result.settings));
    expect(sameValue(result.settings, sorted)).toBe(true);
    expect(sameValue(result.settings, { ...stored, cachedSegmentsCount: 51 })).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });
});
