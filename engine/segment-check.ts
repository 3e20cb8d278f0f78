/**
 * A cheap structural check of a segment's bytes, by container: what the engine's default
 * segmentValidator (engine/content-validator.ts) runs on bytes that came from peers.
 *
 * - MPEG-TS: a whole number of 188-byte packets, each starting with the sync byte 0x47.
 * - ISO-BMFF (fMP4/CMAF, init and media segments): a chain of boxes whose sizes add up exactly to
 *   the length, each of a type that may appear at the top level of a file or segment.
 * - HLS AES-128 ciphertext (when the page says the segment is encrypted): whole 16-byte blocks.
 * - Anything else (WebVTT, packed audio such as AAC/ADTS, unknown): "opaque", not checked.
 *
 * It catches garbage, truncated or shifted bytes and a peer sending another file; it cannot catch
 * a peer that rewrites payload bytes and keeps the structure (no hash of the segment is known).
 * One pass over the packet headers or box headers: no allocation, no payload read.
 */

/** "aes-128": HLS AES-128 ciphertext (the page says so; no origin bytes are sniffed as it). */
export type Container = "mpeg-ts" | "iso-bmff" | "aes-128" | "opaque";

/** Why bytes are not a segment of the expected container. */
export type ContentProblem =
  | "empty"
  | "ts-length" // not a multiple of 188 bytes
  | "ts-sync" // a packet does not start with 0x47
  | "bmff-box-size" // a box size below its header, or beyond the end
  | "bmff-box-type" // a box type that is not a known top-level box
  | "cipher-length"; // not a whole number of AES blocks (16 bytes)

export const TS_PACKET_SIZE = 188;
const TS_SYNC_BYTE = 0x47;
const AES_BLOCK_SIZE = 16;

/** Box types that may appear at the top level of an ISO-BMFF file or segment (ISO 14496-12, CMAF, DASH). */
const TOP_LEVEL_BOXES = new Set([
  "ftyp",
  "styp",
  "etyp",
  "moov",
  "moof",
  "mdat",
  "imda",
  "sidx",
  "ssix",
  "emsg",
  "prft",
  "mfra",
  "pdin",
  "meta",
  "free",
  "skip",
  "uuid",
  "udta",
  "wide",
]);

/** undefined when `bytes` is whole MPEG-TS packets, else the problem. */
export function checkMpegTs(bytes: Uint8Array): ContentProblem | undefined {
  if (bytes.length === 0) return "empty";
  if (bytes.length % TS_PACKET_SIZE !== 0) return "ts-length";
  for (let at = 0; at < bytes.length; at += TS_PACKET_SIZE) {
    if (bytes[at] !== TS_SYNC_BYTE) return "ts-sync";
  }
  return undefined;
}

const fourCc = (bytes: Uint8Array, at: number) =>
  String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);

/** undefined when `bytes` is a chain of known top-level ISO-BMFF boxes filling it exactly. */
export function checkIsoBmff(bytes: Uint8Array): ContentProblem | undefined {
  if (bytes.length === 0) return "empty";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 8) return "bmff-box-size";
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      // A 64-bit size follows the type.
      if (bytes.length - at < 16) return "bmff-box-size";
      size = view.getUint32(at + 8) * 2 ** 32 + view.getUint32(at + 12);
      header = 16;
    } else if (size === 0) {
      // "Extends to the end of the file": only the last box may say so.
      size = bytes.length - at;
    }
    if (!TOP_LEVEL_BOXES.has(fourCc(bytes, at + 4))) return "bmff-box-type";
    if (size < header || size > bytes.length - at) return "bmff-box-size";
    at += size;
  }
  return undefined;
}

/**
 * AES-128 in HLS is AES-CBC over the whole segment with PKCS#7 padding: the ciphertext is one or
 * more whole 16-byte blocks. Nothing else can be told from bytes that look random by design.
 */
export function checkAes128(bytes: Uint8Array): ContentProblem | undefined {
  if (bytes.length === 0) return "empty";
  return bytes.length % AES_BLOCK_SIZE === 0 ? undefined : "cipher-length";
}

/** The check for a container; "opaque" passes everything. */
export function checkContainer(
  container: Container,
  bytes: Uint8Array,
): ContentProblem | undefined {
  switch (container) {
    case "mpeg-ts":
      return checkMpegTs(bytes);
    case "iso-bmff":
      return checkIsoBmff(bytes);
    case "aes-128":
      return checkAes128(bytes);
    case "opaque":
      return undefined;
  }
}

/** The container that bytes of the origin itself pass, or "opaque" when neither check does. */
export function sniffContainer(bytes: Uint8Array): Container {
  if (checkMpegTs(bytes) === undefined) return "mpeg-ts";
  if (checkIsoBmff(bytes) === undefined) return "iso-bmff";
  return "opaque";
}

const EXTENSIONS: Readonly<Record<string, Container>> = {
  ts: "mpeg-ts",
  mp4: "iso-bmff",
  m4s: "iso-bmff",
  m4v: "iso-bmff",
  m4a: "iso-bmff",
  m4f: "iso-bmff",
  cmfv: "iso-bmff",
  cmfa: "iso-bmff",
  cmft: "iso-bmff",
  cmfm: "iso-bmff",
  mp4v: "iso-bmff",
  mp4a: "iso-bmff",
};

/**
 * The container bytes claim by their first header alone (a sync byte, or a known box type at
 * offset 4), or "opaque"; whether the rest agrees is checkContainer's question.
 */
export function claimedContainer(bytes: Uint8Array): Container {
  if (bytes[0] === TS_SYNC_BYTE) return "mpeg-ts";
  if (bytes.length >= 8 && TOP_LEVEL_BOXES.has(fourCc(bytes, 4))) return "iso-bmff";
  return "opaque";
}

/** The container a segment URL's file extension names, or undefined (no or another extension). */
export function containerOfUrl(url: string): Container | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const dot = path.lastIndexOf(".");
  if (dot < 0 || dot < path.lastIndexOf("/")) return undefined;
  return EXTENSIONS[path.slice(dot + 1).toLowerCase()];
}
