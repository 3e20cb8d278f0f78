/**
 * Bytes inside JSON messages. Chrome's runtime messaging and ports serialise as JSON (an
 * ArrayBuffer would arrive as `{}`), so segment bytes travel as base64 on the slow routes. The
 * page relay's fast path (a transferred MessagePort) will carry ArrayBuffers instead.
 */

const CHUNK = 0x8000;

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
