/**
 * Segment bytes between extension contexts, and the one way every hop answers "the bytes of this
 * segment": `SegmentAnswer`. Ports between the relay and the engine, and window.postMessage
 * between the hook and the relay, carry ArrayBuffers as they are. Runtime messages differ by
 * browser: Chrome's (and its runtime Ports) are JSON, where an ArrayBuffer arrives as `{}`, so
 * bytes travel there as base64; Firefox's are structured clones and carry the ArrayBuffer itself.
 * Only the sender of a runtime message picks the form (`carryBytes`); whoever lands it takes
 * either (`landBytes`), and the background passes it on untouched.
 */

const CHUNK = 0x8000;

/** The bytes of a segment, or not here. `B` is how the hop carries bytes. */
export type SegmentAnswer<B = ArrayBuffer> = { type: "segment"; bytes: B } | { type: "miss" };

/** Bytes on a runtime route: as they are (structured clone), or base64 (JSON). */
export type CarriedBytes = ArrayBuffer | { base64: string };

/** How a browser's runtime messages carry bytes. */
export type RuntimeBytes = "json" | "structured-clone";

/** `bytes` as runtime messages of this kind can carry them. */
export function carryBytes(bytes: ArrayBuffer, runtime: RuntimeBytes): CarriedBytes {
  return runtime === "json" ? { base64: toBase64(bytes) } : bytes;
}

/**
 * True when `carried` has the form `runtime` messages carry: a receiver refuses the other (a page
 * must not make Firefox's background decode base64 it never needs, nor hand Chrome's JSON port an
 * ArrayBuffer it would turn into `{}`).
 */
export function isCarriedAs(carried: CarriedBytes, runtime: RuntimeBytes): boolean {
  return carried instanceof ArrayBuffer === (runtime === "structured-clone");
}

/** The bytes of a carried value; throws on base64 outside the alphabet. */
export function landBytes(carried: CarriedBytes): ArrayBuffer {
  return carried instanceof ArrayBuffer ? carried : fromBase64(carried.base64);
}

/** Base64 of `bytes` (standard alphabet, padded). */
export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (let offset = 0; offset < view.length; offset += CHUNK) {
    binary += String.fromCharCode(...view.subarray(offset, offset + CHUNK));
  }
  return btoa(binary);
}

/** The bytes of a base64 string; throws on characters outside the alphabet. */
export function fromBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes.buffer;
}
