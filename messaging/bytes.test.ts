/** Segment bytes on runtime routes: carried as each browser's messages can, landed either way. */
import { describe, expect, it } from "vitest";
import { carryBytes, fromBase64, isCarriedAs, landBytes, toBase64 } from "./bytes";

const sample = () =>
  Uint8Array.from({ length: 100_000 }, (_, index) => (index * 7919) % 256).buffer;

describe("carried bytes", () => {
  it("are base64 for JSON messages and the ArrayBuffer itself for structured clones", () => {
    const bytes = sample();
    const json = carryBytes(bytes, "json");
    expect(json).toEqual({ base64: toBase64(bytes) });
    // Survives JSON, as Chrome's runtime messages would carry it.
    const landed = landBytes(JSON.parse(JSON.stringify(json)) as { base64: string });
    expect(new Uint8Array(landed)).toEqual(new Uint8Array(bytes));
    expect(carryBytes(bytes, "structured-clone")).toBe(bytes);
    expect(landBytes(structuredClone(bytes))).toEqual(bytes);
  });

  it("are taken only in the form the browser's runtime messages carry", () => {
    const bytes = sample();
    for (const runtime of ["json", "structured-clone"] as const) {
      expect(isCarriedAs(carryBytes(bytes, runtime), runtime)).toBe(true);
    }
    expect(isCarriedAs({ base64: "AAAA" }, "structured-clone")).toBe(false);
    expect(isCarriedAs(bytes, "json")).toBe(false);
  });

  it("refuse base64 outside the alphabet", () => {
    expect(() => landBytes({ base64: "not base64!" })).toThrow();
    expect(new Uint8Array(fromBase64(""))).toEqual(new Uint8Array(0));
  });
});
