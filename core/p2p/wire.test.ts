import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DATA_HEADER_BYTES,
  DIGEST_BYTES,
  MAX_MAP_ENTRIES,
  MAX_SEGMENT_ID_BYTES,
  ProtocolError,
  type ProtocolErrorCode,
  SegmentStatus,
  type WireMessage,
  decode,
  encode,
} from "./wire.js";

const ERROR_CODES: readonly ProtocolErrorCode[] = [
  "empty",
  "unknown-type",
  "truncated",
  "trailing-bytes",
  "bad-magic",
  "bad-string",
  "bad-status",
  "too-many-entries",
  "too-large",
];

/** Large enough for every message these tests build. */
const BIG = 1024 * 1024;

const utf8Length = (value: string) => new TextEncoder().encode(value).byteLength;

// Full Unicode (no lone surrogates), bounded by the wire's UTF-8 byte limit.
const idArb = fc
  .string({ unit: "binary", maxLength: MAX_SEGMENT_ID_BYTES })
  .filter((id) => utf8Length(id) <= MAX_SEGMENT_ID_BYTES);
const u32 = fc.nat({ max: 0xffffffff });
const u16 = fc.nat({ max: 0xffff });
const anyStatus = fc.constantFrom(SegmentStatus.Loaded, SegmentStatus.Loading, SegmentStatus.Gone);
const mapStatus = fc.constantFrom(SegmentStatus.Loaded, SegmentStatus.Loading);

const messageArb: fc.Arbitrary<WireMessage> = fc.oneof(
  fc.record({ type: fc.constant("handshake" as const), version: u16, consumeOnly: fc.boolean() }),
  fc.record({
    type: fc.constant("segments-map" as const),
    entries: fc.array(fc.record({ id: idArb, status: mapStatus }), { maxLength: 20 }),
  }),
  fc.record({ type: fc.constant("status" as const), id: idArb, status: anyStatus }),
  fc.record({ type: fc.constant("request" as const), requestId: u32, id: idArb, offset: u32 }),
  fc.record({ type: fc.constant("cancel" as const), requestId: u32 }),
  fc.record({ type: fc.constant("absent" as const), requestId: u32 }),
  fc.record({ type: fc.constant("response" as const), requestId: u32, totalSize: u32 }),
  fc.record({
    type: fc.constant("data" as const),
    requestId: u32,
    bytes: fc.uint8Array({ maxLength: 4096 }),
  }),
  fc.record({
    type: fc.constant("digest" as const),
    id: idArb,
    sha256: fc.uint8Array({ minLength: DIGEST_BYTES, maxLength: DIGEST_BYTES }),
  }),
);

/**
 * Up to 300 KiB of arbitrary bytes, filled from a seeded xorshift rather than one fast-check
 * integer per byte: fast-check's own uint8Array of that size took ~80 ms a value (4.7 s for the
 * test, near vitest's default limit on a loaded 2-core machine). A failing case still reports its
 * seed and length, which reproduce the bytes exactly.
 */
const largeBytesArb = fc
  .record({ length: fc.nat({ max: 300 * 1024 }), seed: fc.integer({ min: 1, max: 0x7fffffff }) })
  .map(({ length, seed }) => {
    const bytes = new Uint8Array(length);
    let state = seed;
    for (let index = 0; index < length; index++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      bytes[index] = state & 0xff;
    }
    return bytes;
  });

function expectError(result: ReturnType<typeof decode>, code: ProtocolErrorCode): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(ProtocolError);
  expect(result.error.code).toBe(code);
}

function decodeOk(bytes: Uint8Array, max = BIG): WireMessage {
  const result = decode(bytes, max);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return result.message;
}

/** Checks the decoder's promise for any input: no throw, ok or a documented error. */
function checkTotal(bytes: Uint8Array, max: number): void {
  const result = decode(bytes, max);
  if (result.ok) {
    if (result.message.type === "data") {
      expect(result.message.bytes.byteLength).toBeLessThanOrEqual(bytes.byteLength);
    }
  } else {
    expect(result.error).toBeInstanceOf(ProtocolError);
    expect(ERROR_CODES).toContain(result.error.code);
  }
}

const cat = (...parts: (Uint8Array | number[])[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

describe("wire round trip", () => {
  it("decode(encode(m)) equals m for every message type", () => {
    fc.assert(
      fc.property(messageArb, (message) => {
        const decoded = decodeOk(encode(message));
        expect(decoded).toEqual(message);
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips boundary values", () => {
    const longId = "é".repeat(MAX_SEGMENT_ID_BYTES / 2); // exactly 512 UTF-8 bytes
    expect(utf8Length(longId)).toBe(MAX_SEGMENT_ID_BYTES);
    const messages: WireMessage[] = [
      { type: "handshake", version: 0, consumeOnly: false },
      { type: "handshake", version: 0xffff, consumeOnly: true },
      { type: "segments-map", entries: [] },
      { type: "status", id: "", status: SegmentStatus.Gone },
      { type: "status", id: longId, status: SegmentStatus.Loaded },
      { type: "request", requestId: 0xffffffff, id: "😀 seg", offset: 0xffffffff },
      { type: "request", requestId: 0, id: longId, offset: 0 },
      { type: "cancel", requestId: 0xffffffff },
      { type: "absent", requestId: 0 },
      { type: "response", requestId: 7, totalSize: 0xffffffff },
      { type: "data", requestId: 1, bytes: new Uint8Array(0) },
      { type: "digest", id: longId, sha256: new Uint8Array(DIGEST_BYTES).fill(0xab) },
    ];
    for (const message of messages) expect(decodeOk(encode(message))).toEqual(message);
  });

  it("refuses to encode a digest that is not SHA-256 sized, and copies a decoded one", () => {
    expect(() => encode({ type: "digest", id: "s", sha256: new Uint8Array(20) })).toThrow(
      RangeError,
    );
    const wire = encode({ type: "digest", id: "s", sha256: new Uint8Array(DIGEST_BYTES).fill(1) });
    const message = decodeOk(wire);
    wire.fill(0);
    if (message.type !== "digest") throw new Error("expected digest");
    expect(message.sha256).toEqual(new Uint8Array(DIGEST_BYTES).fill(1));
  });

  it("round-trips a map of exactly MAX_MAP_ENTRIES entries", () => {
    const entries = Array.from({ length: MAX_MAP_ENTRIES }, (_, index) => ({
      id: `s${String(index)}`,
      status: index % 2 === 0 ? SegmentStatus.Loaded : SegmentStatus.Loading,
    })) as { id: string; status: SegmentStatus.Loaded | SegmentStatus.Loading }[];
    const message: WireMessage = { type: "segments-map", entries };
    expect(decodeOk(encode(message))).toEqual(message);
  });

  it("encodes a data message as 5 header bytes plus the payload", () => {
    const bytes = encode({ type: "data", requestId: 0x01020304, bytes: new Uint8Array([9, 8]) });
    expect([...bytes]).toEqual([8, 1, 2, 3, 4, 9, 8]);
    expect(DATA_HEADER_BYTES).toBe(5);
  });

  it("encode throws RangeError for an id longer than MAX_SEGMENT_ID_BYTES", () => {
    const tooLong = "é".repeat(MAX_SEGMENT_ID_BYTES / 2) + "a";
    expect(() => encode({ type: "status", id: tooLong, status: SegmentStatus.Loaded })).toThrow(
      RangeError,
    );
    expect(() => encode({ type: "request", requestId: 1, id: tooLong, offset: 0 })).toThrow(
      RangeError,
    );
    expect(() =>
      encode({ type: "segments-map", entries: [{ id: tooLong, status: SegmentStatus.Loaded }] }),
    ).toThrow(RangeError);
  });

  it("returns the data payload as a view into the input, not a copy", () => {
    const wire = encode({ type: "data", requestId: 3, bytes: new Uint8Array([1, 2, 3, 4]) });
    // Embed the message at an offset inside a larger buffer.
    const backing = new Uint8Array(wire.byteLength + 20);
    backing.set(wire, 10);
    const input = backing.subarray(10, 10 + wire.byteLength);
    const message = decodeOk(input);
    if (message.type !== "data") throw new Error("expected data");
    expect(message.bytes.buffer).toBe(backing.buffer);
    expect(message.bytes.byteOffset).toBe(10 + DATA_HEADER_BYTES);
    expect([...message.bytes]).toEqual([1, 2, 3, 4]);
  });

  it("decodes messages that live at a non-zero byteOffset", () => {
    fc.assert(
      fc.property(messageArb, fc.nat({ max: 16 }), (message, pad) => {
        const wire = encode(message);
        const backing = new Uint8Array(pad + wire.byteLength + 3).fill(0xee);
        backing.set(wire, pad);
        expect(decodeOk(backing.subarray(pad, pad + wire.byteLength))).toEqual(message);
      }),
      { numRuns: 200 },
    );
  });
});

describe("wire decode is total", () => {
  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(largeBytesArb, fc.integer({ min: 1, max: 400 * 1024 }), (bytes, max) => {
        checkTotal(bytes, max);
        checkTotal(bytes, BIG);
      }),
      { numRuns: 60 },
    );
    // 60 messages of up to 300 kB: seconds of CPU on a shared machine.
  }, 60_000);

  it("never throws on short arbitrary bytes with a valid type byte", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.uint8Array({ maxLength: 64 }),
        (type, rest) => {
          checkTotal(cat([type], rest), BIG);
        },
      ),
      { numRuns: 2000 },
    );
  });

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant("flip" as const),
      at: fc.nat(),
      mask: fc.integer({ min: 1, max: 255 }),
    }),
    fc.record({ kind: fc.constant("append" as const), extra: fc.uint8Array({ minLength: 1 }) }),
  );

  it("never throws on mutated valid messages", () => {
    fc.assert(
      fc.property(
        messageArb,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (message, mutations) => {
          let bytes = encode(message);
          for (const change of mutations) {
            if (change.kind === "truncate") {
              bytes = bytes.subarray(0, change.at % (bytes.byteLength + 1));
            } else if (change.kind === "flip") {
              if (bytes.byteLength === 0) continue;
              bytes = bytes.slice();
              const at = change.at % bytes.byteLength;
              bytes[at] = (bytes[at] ?? 0) ^ change.mask;
            } else {
              bytes = cat(bytes, change.extra);
            }
          }
          checkTotal(bytes, BIG);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("reports every strict truncation of a non-data message as truncated", () => {
    fc.assert(
      fc.property(
        messageArb.filter((message) => message.type !== "data"),
        fc.nat(),
        (message, at) => {
          const bytes = encode(message);
          const cut = 1 + (at % (bytes.byteLength - 1 || 1));
          fc.pre(cut < bytes.byteLength);
          expectError(decode(bytes.subarray(0, cut), BIG), "truncated");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reports appended bytes after a non-data message as trailing-bytes", () => {
    fc.assert(
      fc.property(
        messageArb.filter((message) => message.type !== "data"),
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        (message, extra) => {
          expectError(decode(cat(encode(message), extra), BIG), "trailing-bytes");
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("wire decode errors", () => {
  it("empty input", () => {
    expectError(decode(new Uint8Array(0), BIG), "empty");
  });

  it("unknown message type", () => {
    for (const type of [0, 10, 127, 255]) {
      expectError(decode(new Uint8Array([type, 0, 0, 0, 0]), BIG), "unknown-type");
    }
  });

  it("truncated fixed-width messages", () => {
    expectError(decode(new Uint8Array([1, 0x70, 0x32, 0x70, 0x76, 0, 1]), BIG), "truncated");
    expectError(decode(new Uint8Array([5, 0, 0, 0]), BIG), "truncated");
    expectError(decode(new Uint8Array([6]), BIG), "truncated");
    expectError(decode(new Uint8Array([7, 0, 0, 0, 1, 0, 0]), BIG), "truncated");
    expectError(decode(new Uint8Array([8, 0, 0]), BIG), "truncated");
  });

  it("an id whose length prefix runs past the end is truncated", () => {
    // status: id length 10, only 3 id bytes present
    expectError(decode(new Uint8Array([3, 0, 10, 97, 98, 99]), BIG), "truncated");
  });

  it("trailing bytes after a fixed-width message", () => {
    expectError(decode(cat(encode({ type: "cancel", requestId: 1 }), [0]), BIG), "trailing-bytes");
    expectError(
      decode(cat(encode({ type: "handshake", version: 1, consumeOnly: false }), [1, 2]), BIG),
      "trailing-bytes",
    );
  });

  it("a data message takes everything after its header as payload", () => {
    const bytes = cat(encode({ type: "data", requestId: 2, bytes: new Uint8Array([1]) }), [2, 3]);
    const message = decodeOk(bytes);
    expect(message).toEqual({ type: "data", requestId: 2, bytes: new Uint8Array([1, 2, 3]) });
  });

  it("handshake with bad magic", () => {
    const good = encode({ type: "handshake", version: 1, consumeOnly: false });
    for (let index = 1; index <= 4; index++) {
      const bad = good.slice();
      bad[index] = (bad[index] ?? 0) ^ 0x01;
      expectError(decode(bad, BIG), "bad-magic");
    }
  });

  it("invalid UTF-8 in an id", () => {
    const invalid = [0xff]; // never valid in UTF-8
    const loneContinuation = [0x80];
    const overlong = [0xc0, 0xaf];
    const surrogate = [0xed, 0xa0, 0x80]; // encoded U+D800
    for (const id of [invalid, loneContinuation, overlong, surrogate]) {
      // status
      expectError(decode(cat([3, 0, id.length], id, [1]), BIG), "bad-string");
      // request
      expectError(decode(cat([4, 0, 0, 0, 1, 0, 0, 0, 0, 0, id.length], id), BIG), "bad-string");
      // segments map with one entry
      expectError(decode(cat([2, 0, 1, 0, id.length], id, [1]), BIG), "bad-string");
    }
  });

  it("an id length above MAX_SEGMENT_ID_BYTES is rejected even when the bytes are there", () => {
    const length = MAX_SEGMENT_ID_BYTES + 1;
    const id = new Uint8Array(length).fill(97);
    const bytes = cat([3, length >> 8, length & 0xff], id, [1]);
    expectError(decode(bytes, BIG), "bad-string");
  });

  it("status byte out of range", () => {
    for (const status of [0, 4, 255]) {
      expectError(decode(new Uint8Array([3, 0, 1, 97, status]), BIG), "bad-status");
    }
  });

  it("segments-map entries may only be Loaded or Loading", () => {
    for (const status of [0, SegmentStatus.Gone, 4]) {
      expectError(decode(new Uint8Array([2, 0, 1, 0, 1, 97, status]), BIG), "bad-status");
    }
  });

  it("map count above MAX_MAP_ENTRIES", () => {
    const count = MAX_MAP_ENTRIES + 1;
    expectError(decode(new Uint8Array([2, count >> 8, count & 0xff]), BIG), "too-many-entries");
    expectError(decode(new Uint8Array([2, 0xff, 0xff]), BIG), "too-many-entries");
  });

  it("map count larger than the entries present is truncated", () => {
    expectError(decode(new Uint8Array([2, 0, 2, 0, 1, 97, 1]), BIG), "truncated");
  });

  it("a message over maxMessageSize is too-large; one at the limit is accepted", () => {
    const bytes = encode({ type: "data", requestId: 1, bytes: new Uint8Array(100) });
    expectError(decode(bytes, bytes.byteLength - 1), "too-large");
    expect(decode(bytes, bytes.byteLength).ok).toBe(true);
    // too-large is checked before the content: even a garbage message reports it
    expectError(decode(new Uint8Array(10).fill(0xff), 9), "too-large");
  });

  it("handshake flags: only bit 0 means consumeOnly", () => {
    expect(decodeOk(new Uint8Array([1, 0x70, 0x32, 0x70, 0x76, 0, 1, 0xfe]))).toEqual({
      type: "handshake",
      version: 1,
      consumeOnly: false,
    });
    expect(decodeOk(new Uint8Array([1, 0x70, 0x32, 0x70, 0x76, 0, 1, 0x03]))).toEqual({
      type: "handshake",
      version: 1,
      consumeOnly: true,
    });
  });
});
