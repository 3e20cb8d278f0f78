import { describe, expect, it } from "vitest";
import { formatBytes, formatRate, formatShare } from "./format";

describe("format", () => {
  it("writes bytes in powers of 1000", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1500)).toBe("1.5 kB");
    expect(formatBytes(3_325_720)).toBe("3.3 MB");
    expect(formatBytes(250_000_000)).toBe("250 MB");
    expect(formatBytes(-1)).toBe("–");
    expect(formatRate(2000)).toBe("2.0 kB/s");
  });

  it("writes a share in whole percent, a dash before any byte", () => {
    expect(formatShare(undefined)).toBe("–");
    expect(formatShare(66.6)).toBe("67%");
  });
});
