/**
 * The binary wire protocol between peers. Every message is one data-channel message:
 * a one-byte type, then fixed-width big-endian fields. Decoding never throws and never allocates
 * more than the message itself: any byte sequence yields a message or a typed ProtocolError.
 */

/** Bumped on any incompatible change; also part of the swarm's info hash, so versions never meet. */
export const PROTOCOL_VERSION = 2;
const MAGIC = 0x70327076; // "p2pv"
/** Longest segment id on the wire, in UTF-8 bytes. */
export const MAX_SEGMENT_ID_BYTES = 512;
/** Most entries in one segments-map message. */
export const MAX_MAP_ENTRIES = 2048;
/** type (1) + request id (4): the overhead of a data message. */
export const DATA_HEADER_BYTES = 5;
/** A SHA-256 digest. */
export const DIGEST_BYTES = 32;

export enum SegmentStatus {
  Loaded = 1,
  /** Arriving now (over HTTP or from a peer); may be requested and is relayed as it arrives. */
  Loading = 2,
  /** No longer held: evicted, aborted or failed. */
  Gone = 3,
}

/** Message type bytes. */
const Type = {
  Handshake: 1,
  SegmentsMap: 2,
  Status: 3,
  Request: 4,
  Cancel: 5,
  Absent: 6,
  Response: 7,
  Data: 8,
  Digest: 9,
} as const;

/** The type byte of a data message (a simulator charges bandwidth for payload bytes only). */
export const DATA_MESSAGE_TYPE = Type.Data;

export interface MapEntry {
  id: string;
  status: SegmentStatus.Loaded | SegmentStatus.Loading;
}

export type WireMessage =
  | { type: "handshake"; version: number; consumeOnly: boolean }
  /** The sender's whole map for the swarm, replacing what was known. */
  | { type: "segments-map"; entries: MapEntry[] }
  | { type: "status"; id: string; status: SegmentStatus }
  /** Asks for segment `id` from byte `offset`; `requestId` is chosen by the requester. */
  | { type: "request"; requestId: number; id: string; offset: number }
  | { type: "cancel"; requestId: number }
  /** The responder cannot serve (or stops serving) the request. */
  | { type: "absent"; requestId: number }
  /** Data follows: `totalSize` is the whole segment's size, whatever the offset asked. */
  | { type: "response"; requestId: number; totalSize: number }
  | { type: "data"; requestId: number; bytes: Uint8Array }
  /**
   * The sender fetched segment `id` whole from the origin and these are its bytes' SHA-256 (an
   * attestation: core/p2p/attestations.ts says who believes it).
   */
  | { type: "digest"; id: string; sha256: Uint8Array };

export type ProtocolErrorCode =
  | "empty"
  | "unknown-type"
  | "truncated"
  | "trailing-bytes"
  | "bad-magic"
  | "bad-string"
  | "bad-status"
  | "too-many-entries"
  | "too-large";

export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export type DecodeResult = { ok: true; message: WireMessage } | { ok: false; error: ProtocolError };

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

class Writer {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(value: number): this {
    this.view.setUint8(this.offset, value);
    this.offset += 1;
    return this;
  }
  u16(value: number): this {
    this.view.setUint16(this.offset, value);
    this.offset += 2;
    return this;
  }
  u32(value: number): this {
    this.view.setUint32(this.offset, value);
    this.offset += 4;
    return this;
  }
  raw(value: Uint8Array): this {
    this.bytes.set(value, this.offset);
    this.offset += value.byteLength;
    return this;
  }
  done(): Uint8Array {
    return this.bytes;
  }
}

function encodeId(id: string): Uint8Array {
  const bytes = encoder.encode(id);
  if (bytes.byteLength > MAX_SEGMENT_ID_BYTES) {
    throw new RangeError(`segment id longer than ${String(MAX_SEGMENT_ID_BYTES)} bytes`);
  }
  return bytes;
}

/** Encodes a message. Throws RangeError only for our own bad input (an id that is too long). */
export function encode(message: WireMessage): Uint8Array {
  switch (message.type) {
    case "handshake":
      return new Writer(8)
        .u8(Type.Handshake)
        .u32(MAGIC)
        .u16(message.version)
        .u8(message.consumeOnly ? 1 : 0)
        .done();
    case "segments-map": {
      const ids = message.entries.map((entry) => encodeId(entry.id));
      const size = 3 + ids.reduce((sum, id) => sum + 3 + id.byteLength, 0);
      const writer = new Writer(size).u8(Type.SegmentsMap).u16(ids.length);
      ids.forEach((id, index) => {
        writer
          .u16(id.byteLength)
          .raw(id)
          .u8(message.entries[index]?.status ?? SegmentStatus.Gone);
      });
      return writer.done();
    }
    case "status": {
      const id = encodeId(message.id);
      return new Writer(4 + id.byteLength)
        .u8(Type.Status)
        .u16(id.byteLength)
        .raw(id)
        .u8(message.status)
        .done();
    }
    case "request": {
      const id = encodeId(message.id);
      return new Writer(11 + id.byteLength)
        .u8(Type.Request)
        .u32(message.requestId)
        .u32(message.offset)
        .u16(id.byteLength)
        .raw(id)
        .done();
    }
    case "cancel":
      return new Writer(5).u8(Type.Cancel).u32(message.requestId).done();
    case "absent":
      return new Writer(5).u8(Type.Absent).u32(message.requestId).done();
    case "response":
      return new Writer(9).u8(Type.Response).u32(message.requestId).u32(message.totalSize).done();
    case "data":
      return new Writer(DATA_HEADER_BYTES + message.bytes.byteLength)
        .u8(Type.Data)
        .u32(message.requestId)
        .raw(message.bytes)
        .done();
    case "digest": {
      if (message.sha256.byteLength !== DIGEST_BYTES) {
        throw new RangeError(`a digest is ${String(DIGEST_BYTES)} bytes`);
      }
      const id = encodeId(message.id);
      return new Writer(3 + id.byteLength + DIGEST_BYTES)
        .u8(Type.Digest)
        .u16(id.byteLength)
        .raw(id)
        .raw(message.sha256)
        .done();
    }
  }
}

class Truncated extends Error {}

class Reader {
  private offset = 1;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(count: number): void {
    if (this.offset + count > this.bytes.byteLength) throw new Truncated();
  }
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.offset++);
  }
  u16(): number {
    this.need(2);
    const value = this.view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }
  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }
  /** A length-prefixed UTF-8 id; undefined if it is not valid UTF-8 or too long. */
  id(): string | undefined {
    const length = this.u16();
    if (length > MAX_SEGMENT_ID_BYTES) return undefined;
    this.need(length);
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    try {
      return decoder.decode(slice);
    } catch {
      return undefined;
    }
  }
  copy(length: number): Uint8Array {
    this.need(length);
    const slice = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
  rest(): Uint8Array {
    const slice = this.bytes.subarray(this.offset);
    this.offset = this.bytes.byteLength;
    return slice;
  }
  get atEnd(): boolean {
    return this.offset === this.bytes.byteLength;
  }
}

const fail = (code: ProtocolErrorCode, message: string): DecodeResult => ({
  ok: false,
  error: new ProtocolError(code, message),
});

const isStatus = (value: number): value is SegmentStatus =>
  value === 1 || value === 2 || value === 3;

function decodeBody(type: number, reader: Reader): DecodeResult {
  switch (type) {
    case Type.Handshake: {
      if (reader.u32() !== MAGIC) return fail("bad-magic", "not a p2pv handshake");
      const version = reader.u16();
      const flags = reader.u8();
      return { ok: true, message: { type: "handshake", version, consumeOnly: (flags & 1) === 1 } };
    }
    case Type.SegmentsMap: {
      const count = reader.u16();
      if (count > MAX_MAP_ENTRIES) return fail("too-many-entries", `${String(count)} map entries`);
      const entries: MapEntry[] = [];
      for (let index = 0; index < count; index++) {
        const id = reader.id();
        if (id === undefined) return fail("bad-string", "segment id in map");
        const status = reader.u8();
        if (!isStatus(status) || status === SegmentStatus.Gone) {
          return fail("bad-status", `map status ${String(status)}`);
        }
        entries.push({ id, status });
      }
      return { ok: true, message: { type: "segments-map", entries } };
    }
    case Type.Status: {
      const id = reader.id();
      if (id === undefined) return fail("bad-string", "segment id in status");
      const status = reader.u8();
      if (!isStatus(status)) return fail("bad-status", `status ${String(status)}`);
      return { ok: true, message: { type: "status", id, status } };
    }
    case Type.Request: {
      const requestId = reader.u32();
      const offset = reader.u32();
      const id = reader.id();
      if (id === undefined) return fail("bad-string", "segment id in request");
      return { ok: true, message: { type: "request", requestId, id, offset } };
    }
    case Type.Cancel:
      return { ok: true, message: { type: "cancel", requestId: reader.u32() } };
    case Type.Absent:
      return { ok: true, message: { type: "absent", requestId: reader.u32() } };
    case Type.Response:
      return {
        ok: true,
        message: { type: "response", requestId: reader.u32(), totalSize: reader.u32() },
      };
    case Type.Data:
      return { ok: true, message: { type: "data", requestId: reader.u32(), bytes: reader.rest() } };
    case Type.Digest: {
      const id = reader.id();
      if (id === undefined) return fail("bad-string", "segment id in digest");
      // A copy: the digest outlives the message (data payloads stay views, consumed at once).
      return { ok: true, message: { type: "digest", id, sha256: reader.copy(DIGEST_BYTES) } };
    }
    default:
      return fail("unknown-type", `message type ${String(type)}`);
  }
}

/**
 * Decodes one message. `maxMessageSize` bounds what is accepted at all; data payloads are views
 * into `bytes`, never copies.
 */
export function decode(bytes: Uint8Array, maxMessageSize: number): DecodeResult {
  if (bytes.byteLength === 0) return fail("empty", "empty message");
  if (bytes.byteLength > maxMessageSize) {
    return fail("too-large", `${String(bytes.byteLength)} bytes > ${String(maxMessageSize)}`);
  }
  const reader = new Reader(bytes);
  try {
    const result = decodeBody(bytes[0] ?? 0, reader);
    if (result.ok && !reader.atEnd) return fail("trailing-bytes", `after ${result.message.type}`);
    return result;
  } catch (error) {
    if (error instanceof Truncated) return fail("truncated", "message ends early");
    throw error;
  }
}
