import { describe, expect, it } from "vitest";
import { formatBytes, formatRate, formatShare } from "./format";

describe("format", () => {
  it("writes bytes in powers of 1000", () => {
    expect(formatBytes(0, "en")).toBe("0 B");
    expect(formatBytes(999, "en")).toBe("999 B");
    expect(formatBytes(1500, "en")).toBe("1.5 kB");
    expect(formatBytes(3_325_720, "en")).toBe("3.3 MB");
    expect(formatBytes(12_000_000, "en")).toBe("12.0 MB");
    expect(formatBytes(250_000_000, "en")).toBe("250 MB");
    expect(formatBytes(-1, "en")).toBe("–");
    expect(formatRate(2000, "en")).toBe("2.0 kB/s");
  });

  it("writes a share in whole percent, a dash before any byte", () => {
    expect(formatShare(undefined, "en")).toBe("–");
    expect(formatShare(66.6, "en")).toBe("67%");
  });

  it("writes numbers as the viewer's language does", () => {
    expect(formatBytes(1500, "de")).toBe("1,5 kB");
    expect(formatRate(2000, "de")).toBe("2,0 kB/s");
    expect(formatShare(66.6, "de")).toBe("67\u00a0%");
  });
});
