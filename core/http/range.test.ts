import { describe, expect, it } from "vitest";
import { parseContentRangeTotal, parseLength } from "./http-client.js";
import { parseByteRange, rangeFrom, rangeSize } from "./range.js";

describe("parseByteRange", () => {
  it.each([
    ["bytes=0-99", { start: 0, end: 99 }],
    ["bytes=100-199", { start: 100, end: 199 }],
    ["bytes=5-5", { start: 5, end: 5 }],
    ["bytes=0-0", { start: 0, end: 0 }],
    ["bytes=500-", { start: 500, end: undefined }],
    ["bytes=0-", { start: 0, end: undefined }],
    ["  bytes=1-2  ", { start: 1, end: 2 }],
    ["bytes=007-010", { start: 7, end: 10 }],
  ])("%j parses", (value, expected) => {
    expect(parseByteRange(value)).toEqual(expected);
  });

  it.each([
    [undefined],
    [""],
    ["bytes="],
    ["bytes=-500"], // suffix ranges are not segment ranges
    ["bytes=10-5"], // end before start
    ["bytes=0-1,3-4"], // multiple ranges
    ["items=0-1"],
    ["Bytes=0-1"],
    ["bytes=a-b"],
    ["bytes=1.5-2"],
    ["bytes = 0-1"],
    ["0-1"],
  ])("%j is rejected", (value) => {
    expect(parseByteRange(value)).toBeUndefined();
  });
});

describe("rangeSize", () => {
  it("is end - start + 1 for a closed range, undefined otherwise", () => {
    expect(rangeSize({ start: 0, end: 99 })).toBe(100);
    expect(rangeSize({ start: 7, end: 7 })).toBe(1);
    expect(rangeSize({ start: 7, end: undefined })).toBeUndefined();
    expect(rangeSize(undefined)).toBeUndefined();
  });
});

describe("rangeFrom", () => {
  it("whole resource: no header from 0, an open range from an offset", () => {
    expect(rangeFrom(undefined, 0)).toBeUndefined();
    expect(rangeFrom(undefined, 1)).toBe("bytes=1-");
    expect(rangeFrom(undefined, 12345)).toBe("bytes=12345-");
  });

  it("segment range: shifted start, same end", () => {
    expect(rangeFrom({ start: 100, end: 199 }, 0)).toBe("bytes=100-199");
    expect(rangeFrom({ start: 100, end: 199 }, 50)).toBe("bytes=150-199");
    expect(rangeFrom({ start: 100, end: 199 }, 99)).toBe("bytes=199-199");
    expect(rangeFrom({ start: 0, end: 0 }, 0)).toBe("bytes=0-0");
  });

  it("open-ended segment range stays open", () => {
    expect(rangeFrom({ start: 100, end: undefined }, 0)).toBe("bytes=100-");
    expect(rangeFrom({ start: 100, end: undefined }, 5)).toBe("bytes=105-");
  });

  it("round-trips through parseByteRange", () => {
    const range = { start: 4096, end: 8191 };
    expect(parseByteRange(rangeFrom(range, 0))).toEqual(range);
    expect(parseByteRange(rangeFrom(range, 1000))).toEqual({ start: 5096, end: 8191 });
  });
});

describe("response header parsing", () => {
  it("parseContentRangeTotal reads the total after the slash", () => {
    expect(parseContentRangeTotal("bytes 0-9/100")).toBe(100);
    expect(parseContentRangeTotal("bytes 10-19/20 ")).toBe(20);
    expect(parseContentRangeTotal("bytes 0-9/*")).toBeUndefined();
    expect(parseContentRangeTotal("bytes */100")).toBe(100);
    expect(parseContentRangeTotal(null)).toBeUndefined();
    expect(parseContentRangeTotal("")).toBeUndefined();
  });

  it("parseLength accepts only a non-negative integer", () => {
    expect(parseLength("0")).toBe(0);
    expect(parseLength("12345")).toBe(12345);
    expect(parseLength(" 42 ")).toBe(42);
    expect(parseLength(null)).toBeUndefined();
    expect(parseLength("")).toBeUndefined();
    expect(parseLength("-1")).toBeUndefined();
    expect(parseLength("1.5")).toBeUndefined();
    expect(parseLength("12abc")).toBeUndefined();
  });
});
