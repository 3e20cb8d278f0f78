import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { makeDashVod, makeHlsVod } from "../harness/streams";
import {
  checkAes128,
  checkContainer,
  checkIsoBmff,
  checkMpegTs,
  claimedContainer,
  containerOfUrl,
  sniffContainer,
  TS_PACKET_SIZE,
} from "./segment-check";

/** Whole TS packets: a sync byte, then the given payload bytes (cycled). */
function tsPackets(count: number, payload: Uint8Array = new Uint8Array([1, 2, 3])): Uint8Array {
  const bytes = new Uint8Array(count * TS_PACKET_SIZE);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] =
      index % TS_PACKET_SIZE === 0 ? 0x47 : (payload[index % Math.max(1, payload.length)] ?? 0);
  }
  return bytes;
}

/** One box: 32-bit size (or 64-bit when `large`), type, payload. */
function box(type: string, payload: Uint8Array, large = false): Uint8Array {
  const header = large ? 16 : 8;
  const bytes = new Uint8Array(header + payload.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, large ? 1 : bytes.length);
  for (let index = 0; index < 4; index++) bytes[4 + index] = type.charCodeAt(index);
  if (large) view.setBigUint64(8, BigInt(bytes.length));
  bytes.set(payload, header);
  return bytes;
}

const concat = (parts: readonly Uint8Array[]) => {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
};

const KNOWN = ["styp", "sidx", "moof", "mdat", "ftyp", "moov", "emsg", "prft", "free"] as const;

const boxArb = fc.record({
  type: fc.constantFrom(...KNOWN),
  payload: fc.uint8Array({ maxLength: 300 }),
  large: fc.boolean(),
});
const chainArb = fc.array(boxArb, { minLength: 1, maxLength: 6 }).map((boxes) => ({
  boxes,
  bytes: concat(boxes.map((item) => box(item.type, item.payload, item.large))),
}));

describe("checkMpegTs", () => {
  it("passes whole packets with sync bytes, whatever their payload", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.uint8Array(), (count, payload) => {
        expect(checkMpegTs(tsPackets(count, payload))).toBeUndefined();
      }),
    );
  });

  it("rejects a length that is not whole packets (truncated or padded)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 187 }), (n, cut) => {
        const bytes = tsPackets(n + 1);
        expect(checkMpegTs(bytes.subarray(0, bytes.length - cut))).toBe("ts-length");
        expect(checkMpegTs(concat([bytes, new Uint8Array(cut).fill(0x47)]))).toBe("ts-length");
      }),
    );
  });

  it("rejects any packet that does not start with 0x47", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }).filter((value) => value !== 0x47),
        (count, which, byte) => {
          const bytes = tsPackets(count);
          bytes[(which % count) * TS_PACKET_SIZE] = byte;
          expect(checkMpegTs(bytes)).toBe("ts-sync");
        },
      ),
    );
  });

  it("rejects garbage and nothing", () => {
    expect(checkMpegTs(new Uint8Array(0))).toBe("empty");
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4000 }), (bytes) => {
        const whole = bytes.length % TS_PACKET_SIZE === 0;
        const synced = bytes.every((byte, at) => at % TS_PACKET_SIZE !== 0 || byte === 0x47);
        expect(checkMpegTs(bytes) === undefined).toBe(whole && synced);
      }),
    );
  });
});

describe("checkIsoBmff", () => {
  it("passes a chain of known boxes (32- and 64-bit sizes) that fills the bytes exactly", () => {
    fc.assert(
      fc.property(chainArb, ({ bytes }) => {
        expect(checkIsoBmff(bytes)).toBeUndefined();
      }),
    );
  });

  it("passes a last box of size 0 (to the end)", () => {
    const last = box("mdat", new Uint8Array(50));
    new DataView(last.buffer).setUint32(0, 0);
    expect(checkIsoBmff(concat([box("moof", new Uint8Array(20)), last]))).toBeUndefined();
  });

  it("rejects the chain cut anywhere but at a box boundary, or with bytes after it", () => {
    fc.assert(
      fc.property(
        chainArb,
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 12 }),
        (chain, at, tail) => {
          const ends = new Set<number>();
          let end = 0;
          for (const item of chain.boxes) {
            end += (item.large ? 16 : 8) + item.payload.length;
            ends.add(end);
          }
          const cut = 1 + (at % (chain.bytes.length - 1));
          if (!ends.has(cut)) expect(checkIsoBmff(chain.bytes.subarray(0, cut))).toBeDefined();
          expect(checkIsoBmff(concat([chain.bytes, tail]))).toBeDefined();
        },
      ),
    );
  });

  it("rejects an unknown box type and a size below the header", () => {
    expect(checkIsoBmff(box("zzzz", new Uint8Array(4)))).toBe("bmff-box-type");
    expect(checkIsoBmff(box("MOOF", new Uint8Array(4)))).toBe("bmff-box-type");
    const small = box("moof", new Uint8Array(4));
    new DataView(small.buffer).setUint32(0, 7);
    expect(checkIsoBmff(small)).toBe("bmff-box-size");
    const large = box("mdat", new Uint8Array(4), true);
    new DataView(large.buffer).setBigUint64(8, 15n);
    expect(checkIsoBmff(large)).toBe("bmff-box-size");
    expect(checkIsoBmff(new Uint8Array(0))).toBe("empty");
  });

  it("rejects random garbage (a chance pass needs a known type and an exact size)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 5000 }), (bytes) => {
        fc.pre(claimedContainer(bytes) !== "iso-bmff");
        expect(checkIsoBmff(bytes)).toBe(bytes.length < 8 ? "bmff-box-size" : "bmff-box-type");
      }),
    );
  });
});

describe("containers", () => {
  it("names containers by URL extension, ignoring the query", () => {
    expect(containerOfUrl("https://cdn.test/a/seg_001.ts?token=x")).toBe("mpeg-ts");
    expect(containerOfUrl("https://cdn.test/v/chunk-0-00001.M4S")).toBe("iso-bmff");
    expect(containerOfUrl("https://cdn.test/v/init.mp4")).toBe("iso-bmff");
    expect(containerOfUrl("https://cdn.test/v/seg.cmfv")).toBe("iso-bmff");
    expect(containerOfUrl("https://cdn.test/sub/seg.vtt")).toBeUndefined();
    expect(containerOfUrl("https://cdn.test/a.b/segment")).toBeUndefined();
    expect(containerOfUrl("not a url")).toBeUndefined();
  });

  it("sniffs what bytes pass, and what their first header claims", () => {
    expect(sniffContainer(tsPackets(3))).toBe("mpeg-ts");
    expect(sniffContainer(box("moof", new Uint8Array(9)))).toBe("iso-bmff");
    expect(sniffContainer(new TextEncoder().encode("WEBVTT\n\n"))).toBe("opaque");
    expect(claimedContainer(tsPackets(3).subarray(0, 100))).toBe("mpeg-ts");
    expect(claimedContainer(box("moof", new Uint8Array(9)).subarray(0, 12))).toBe("iso-bmff");
    expect(claimedContainer(new Uint8Array([0xff, 0xf1, 0x50, 0x80]))).toBe("opaque");
  });
});

describe("ffmpeg-made segments", () => {
  const options = { seconds: 4, segmentSeconds: 2, bitrate: "300k", size: "320x180" };
  let ts: Uint8Array[] = [];
  let fmp4: { uri: string; bytes: Uint8Array }[] = [];

  beforeAll(async () => {
    const hls = await makeHlsVod(options);
    const dash = await makeDashVod({ ...options, addressing: "number" });
    ts = await Promise.all(
      hls.segments.map(
        async (segment) => new Uint8Array(await readFile(join(hls.dir, segment.uri))),
      ),
    );
    fmp4 = await Promise.all(
      dash.segments.map(async (segment) => ({
        uri: segment.uri,
        bytes: new Uint8Array(await readFile(join(dash.dir, segment.uri))),
      })),
    );
  }, 120_000);

  it("every HLS MPEG-TS segment passes the TS check, and a cut or shifted one fails", () => {
    expect(ts.length).toBeGreaterThan(0);
    for (const bytes of ts) {
      expect(checkMpegTs(bytes)).toBeUndefined();
      expect(checkIsoBmff(bytes)).toBeDefined();
      expect(sniffContainer(bytes)).toBe("mpeg-ts");
      expect(checkMpegTs(bytes.subarray(0, bytes.length - 100))).toBe("ts-length");
      expect(checkMpegTs(bytes.subarray(1, bytes.length - 187))).toBe("ts-sync");
    }
  });

  it("every DASH init and media segment passes the ISO-BMFF check, and a cut one fails", () => {
    expect(fmp4.some((file) => file.uri.startsWith("init-"))).toBe(true);
    for (const { bytes } of fmp4) {
      expect(checkIsoBmff(bytes)).toBeUndefined();
      expect(checkMpegTs(bytes)).toBeDefined();
      expect(sniffContainer(bytes)).toBe("iso-bmff");
      expect(checkIsoBmff(bytes.subarray(0, bytes.length - 1))).toBe("bmff-box-size");
    }
  });
});

describe("checkAes128", () => {
  it("passes whole 16-byte blocks and nothing else", () => {
    expect(checkAes128(new Uint8Array(16))).toBeUndefined();
    expect(checkAes128(new Uint8Array(16 * 1000))).toBeUndefined();
    expect(checkAes128(new Uint8Array(0))).toBe("empty");
    for (const length of [1, 15, 17, 188, 16 * 1000 - 1]) {
      expect(checkAes128(new Uint8Array(length)), String(length)).toBe("cipher-length");
    }
    expect(checkContainer("aes-128", new Uint8Array(31))).toBe("cipher-length");
  });
});
