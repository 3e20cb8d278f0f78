import { describe, expect, it } from "vitest";
import { Segment } from "../core";
import { ContentValidator, SegmentContentError } from "./content-validator";
import { TS_PACKET_SIZE } from "./segment-check";

const ts = (packets: number) => {
  const bytes = new Uint8Array(packets * TS_PACKET_SIZE).fill(0xaa);
  for (let at = 0; at < bytes.length; at += TS_PACKET_SIZE) bytes[at] = 0x47;
  return bytes;
};

const moof = (payload: number) => {
  const bytes = new Uint8Array(8 + payload);
  new DataView(bytes.buffer).setUint32(0, bytes.length);
  bytes.set([0x6d, 0x6f, 0x6f, 0x66], 4); // "moof"
  return bytes;
};

const garbage = (length: number) => new Uint8Array(length).map((_, at) => (at * 37 + 11) & 0xff);

const segment = (url: string, bytes: Uint8Array, range?: string) =>
  new Segment("s1", url, range, 0, { data: bytes.slice().buffer });

/** The problem the validator reports, or "ok". */
async function verdict(
  validator: ContentValidator,
  url: string,
  bytes: Uint8Array,
  method: "http" | "p2p" = "p2p",
  range?: string,
): Promise<string> {
  try {
    await validator.validate(
      segment(url, bytes, range),
      method,
      method === "p2p" ? "peer" : undefined,
    );
    return "ok";
  } catch (error) {
    if (!(error instanceof SegmentContentError)) throw error;
    return error.problem;
  }
}

describe("ContentValidator", () => {
  it("never rejects HTTP bytes, whatever they are", async () => {
    const validator = new ContentValidator();
    expect(await verdict(validator, "https://cdn.test/a.ts", garbage(1000), "http")).toBe("ok");
    expect(await verdict(validator, "https://cdn.test/a.ts", ts(2).subarray(9), "http")).toBe("ok");
  });

  it("checks peer bytes of a .ts URL as MPEG-TS and of a .m4s URL as ISO-BMFF", async () => {
    const validator = new ContentValidator();
    expect(await verdict(validator, "https://cdn.test/seg1.ts?t=1", ts(10))).toBe("ok");
    expect(await verdict(validator, "https://cdn.test/seg1.ts", garbage(1880))).toBe("ts-sync");
    expect(await verdict(validator, "https://cdn.test/seg1.ts", ts(10).subarray(0, 1000))).toBe(
      "ts-length",
    );
    expect(await verdict(validator, "https://cdn.test/c.m4s", moof(100))).toBe("ok");
    expect(await verdict(validator, "https://cdn.test/c.m4s", moof(100).subarray(0, 50))).toBe(
      "bmff-box-size",
    );
    expect(await verdict(validator, "https://cdn.test/c.m4s", ts(10))).toBe("bmff-box-type");
  });

  it("learns the container from the origin's bytes, which outrank the URL", async () => {
    const validator = new ContentValidator();
    const url = "https://cdn.test/segment?n=1";
    // No extension, nothing learned: bytes that claim nothing pass (documented).
    expect(await verdict(validator, url, garbage(500))).toBe("ok");
    expect(await verdict(validator, url, ts(3), "http")).toBe("ok");
    expect(validator.learned).toBe("mpeg-ts");
    expect(await verdict(validator, url, garbage(500))).toBe("ts-length");
    expect(await verdict(validator, url, ts(4))).toBe("ok");
  });

  it("stops checking a swarm whose origin bytes pass no check, or disagree", async () => {
    const odd = new ContentValidator();
    // 192-byte packets (M2TS) under a .ts name: honest peers must not be banned for them.
    await verdict(odd, "https://cdn.test/a.ts", garbage(192 * 4), "http");
    expect(odd.learned).toBe("opaque");
    expect(await verdict(odd, "https://cdn.test/b.ts", garbage(192 * 4))).toBe("ok");

    const mixed = new ContentValidator();
    await verdict(mixed, "https://cdn.test/a", ts(2), "http");
    await verdict(mixed, "https://cdn.test/b", moof(10), "http");
    expect(mixed.learned).toBe("opaque");
  });

  it("with nothing known, checks bytes that claim a container by their first header", async () => {
    const validator = new ContentValidator();
    const url = "https://cdn.test/media/42";
    expect(await verdict(validator, url, ts(5).subarray(0, 900))).toBe("ts-length");
    expect(await verdict(validator, url, moof(40).subarray(0, 30))).toBe("bmff-box-size");
    expect(await verdict(validator, url, new TextEncoder().encode("WEBVTT\n\n1\n"))).toBe("ok");
  });

  it("rejects peer bytes whose length differs from the segment's byte range", async () => {
    const validator = new ContentValidator();
    const url = "https://cdn.test/file.ts";
    expect(await verdict(validator, url, ts(2), "p2p", "bytes=376-751")).toBe("ok");
    expect(await verdict(validator, url, ts(2), "p2p", "bytes=376-1127")).toBe("range-length");
    // Open-ended ranges say nothing about the length.
    expect(await verdict(validator, url, ts(2), "p2p", "bytes=376-")).toBe("ok");
  });

  it("checks an encrypted swarm's peer bytes as AES-128 ciphertext, whatever the URL says", async () => {
    let encrypted = false;
    const validator = new ContentValidator(() => encrypted);
    const url = "https://cdn.test/enc/seg_001.ts";
    // Ciphertext: whole 16-byte blocks that look like nothing. Before the page says the swarm is
    // encrypted, the ".ts" name makes them fail (what banned honest peers of AES-128 streams).
    const cipher = garbage(188 * 16); // as long as 16 TS packets, and 188 AES blocks
    expect(await verdict(validator, url, cipher)).toBe("ts-sync");
    encrypted = true;
    expect(await verdict(validator, url, cipher)).toBe("ok");
    expect(await verdict(validator, url, cipher.subarray(0, cipher.length - 5))).toBe(
      "cipher-length",
    );
    expect(await verdict(validator, url, new Uint8Array(0))).toBe("empty");
    // A clear segment (a playlist may encrypt only part of its segments) passes as what it is;
    // a truncated clear one is ciphertext of the wrong length.
    expect(await verdict(validator, url, ts(16))).toBe("ok");
    expect(await verdict(validator, url, ts(16).subarray(0, 1000))).toBe("cipher-length");
  });

  it("does not let the origin's encrypted bytes switch an encrypted swarm's check off", async () => {
    const validator = new ContentValidator(() => true);
    const url = "https://cdn.test/enc/seg_002.ts";
    await verdict(validator, url, garbage(320), "http");
    expect(validator.learned).toBe("opaque");
    expect(await verdict(validator, url, garbage(321))).toBe("cipher-length");
  });
});
