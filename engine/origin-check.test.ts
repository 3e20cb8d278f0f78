import { describe, expect, it } from "vitest";
import { OriginSpotCheck, SPOT_WINDOW_BYTES } from "./origin-check";
import { origin, pattern, problemOf, segmentOf } from "./testing/fake-origin";

describe("OriginSpotCheck", () => {
  const file = pattern(300_000, 1);

  it("passes the origin's own bytes with one small range request", async () => {
    const { client, asked } = origin(file);
    const spot = new OriginSpotCheck(client);
    expect(await problemOf(spot.check(segmentOf(file)))).toBe("passed");
    expect(asked).toEqual([
      `bytes=${String(file.length - SPOT_WINDOW_BYTES)}-${String(file.length + SPOT_WINDOW_BYTES - 1)}`,
    ]);
    expect(spot.counts).toEqual({
      checks: 1,
      originBytes: SPOT_WINDOW_BYTES,
      mismatches: 0,
      unverified: 0,
    });
  });

  it("catches another segment, a truncated one and a padded one", async () => {
    const spot = new OriginSpotCheck(origin(file).client);
    expect(await problemOf(spot.check(segmentOf(pattern(300_000, 2))))).toBe("origin-mismatch");
    expect(await problemOf(spot.check(segmentOf(file.subarray(0, 299_000))))).toBe("origin-size");
    const padded = new Uint8Array(301_000);
    padded.set(file);
    expect(await problemOf(spot.check(segmentOf(padded)))).toBe("origin-size");
    const farPadded = new Uint8Array(400_000);
    farPadded.set(file);
    expect(await problemOf(spot.check(segmentOf(farPadded)))).toBe("origin-size");
    expect(spot.counts.mismatches).toBe(4);
  });

  it("checks a byte-range segment at a random offset inside its range", async () => {
    const { client, asked } = origin(file);
    const spot = new OriginSpotCheck(client, () => 0.5);
    const range = "bytes=100000-199999";
    expect(await problemOf(spot.check(segmentOf(file.subarray(100_000, 200_000), range)))).toBe(
      "passed",
    );
    const from = 100_000 + Math.floor(0.5 * (100_000 - SPOT_WINDOW_BYTES + 1));
    expect(asked).toEqual([`bytes=${String(from)}-${String(from + SPOT_WINDOW_BYTES - 1)}`]);
    const wrong = file.slice(100_000, 200_000);
    wrong[from - 100_000 + 5] = (wrong[from - 100_000 + 5] ?? 0) ^ 0xff;
    expect(await problemOf(spot.check(segmentOf(wrong, range)))).toBe("origin-mismatch");
  });

  it("compares the whole resource when the server ignores Range", async () => {
    const spot = new OriginSpotCheck(origin(file, { ignoreRange: true }).client);
    expect(await problemOf(spot.check(segmentOf(file)))).toBe("passed");
    const flipped = file.slice();
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    expect(await problemOf(spot.check(segmentOf(flipped)))).toBe("origin-mismatch");
  });

  it("says the bytes are unverified, not wrong, when the origin cannot be asked", async () => {
    const spot = new OriginSpotCheck(origin(file, { fail: true }).client);
    expect(await problemOf(spot.check(segmentOf(file)))).toBe("integrity-unverified");
    expect(spot.counts).toMatchObject({ checks: 1, unverified: 1, mismatches: 0 });
  });
});
