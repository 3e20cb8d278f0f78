import { describe, expect, it } from "vitest";
import { settingsSchema } from "../core/settings";
import { boundsOf, boundsText, displayBounds, toDisplay, toStored } from "./setting-units";

describe("setting units", () => {
  it("converts stored units to displayed ones and back", () => {
    expect(toDisplay(125_000, "megabitsPerSecond")).toBe("1");
    expect(toStored(1, "megabitsPerSecond")).toBe(125_000);
    expect(toStored(0.5, "megabitsPerSecond")).toBe(62_500);
    expect(toDisplay(1500, "seconds")).toBe("1.5");
    expect(toStored(1.5, "seconds")).toBe(1500);
    expect(toStored(0.0004, "seconds")).toBe(0);
    expect(toDisplay(500_000_000, "megabytes")).toBe("500");
    expect(toStored(0.1, "megabytes")).toBe(100_000);
    expect(toDisplay(16_384, "kilobytesPerSecond")).toBe("16.384");
    expect(toStored(0.25, "probability")).toBe(0.25);
    expect(toStored(3, "segments")).toBe(3);
  });

  it("round-trips every integer a stored setting may hold in its displayed unit", () => {
    for (const stored of [1, 999, 65_535, 16_384, 67_108_864, 1_073_741_824]) {
      for (const unit of ["seconds", "megabytes", "kilobytes", "megabitsPerSecond"] as const) {
        expect(toStored(Number(toDisplay(stored, unit)), unit), `${String(stored)} ${unit}`).toBe(
          stored,
        );
      }
    }
  });

  it("reads the bounds from the core's schema", () => {
    expect(boundsOf("cachedSegmentsCount")).toEqual({ min: 1, max: 10_000, integer: true });
    expect(boundsOf("httpDownloadProbability")).toEqual({ min: 0, max: 1, integer: false });
    expect(boundsOf("cachedSegmentExpiration")).toEqual({
      min: 0,
      max: undefined,
      integer: true,
    });
    // The bounds found are the schema's: just inside passes, just outside fails.
    for (const key of ["cachedSegmentsCount", "p2pMaxUploadSpeed", "cacheMaxBytes"] as const) {
      const { min = 0, max = 0 } = boundsOf(key);
      const schema = settingsSchema.shape[key];
      expect(schema.safeParse(min).success && schema.safeParse(max).success, key).toBe(true);
      expect(schema.safeParse(min - 1).success || schema.safeParse(max + 1).success, key).toBe(
        false,
      );
    }
  });

  it("shows the bounds in the displayed unit, rounded inwards", () => {
    const upload = boundsOf("p2pMaxUploadSpeed");
    expect(boundsText(upload, "megabitsPerSecond")).toBe("0 to 8,589.934 Mbit/s");
    expect(displayBounds(upload, "megabitsPerSecond")).toEqual({ min: 0, max: 8589.934 });
    expect(boundsText(boundsOf("cacheMaxBytes"), "megabytes")).toBe("200 to 10,000 MB");
    expect(boundsText(boundsOf("p2pInactivityTimeout"), "seconds")).toBe("at least 0.001 s");
  });
});
