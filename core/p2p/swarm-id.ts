import type { RandomBytes } from "../env.js";
import { PROTOCOL_VERSION } from "./wire.js";

const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/**
 * The tracker info hash of a swarm: SHA-1 of the swarm id and the protocol version, so peers of
 * incompatible versions never meet and the tracker never sees the swarm id itself.
 */
export async function swarmInfoHash(swarmId: string): Promise<string> {
  const input = new TextEncoder().encode(`p2pv:v${String(PROTOCOL_VERSION)}:${swarmId}`);
  const digest = await globalThis.crypto.subtle.digest("SHA-1", input);
  return toHex(new Uint8Array(digest));
}

/** A 20-byte peer id in the Azureus style (`-PV0002-`: the protocol version, then 12 random bytes), as 40 hex chars. */
export function createPeerId(randomBytes: RandomBytes): string {
  const prefix = new TextEncoder().encode(`-PV${String(PROTOCOL_VERSION).padStart(4, "0")}-`);
  return toHex(prefix) + toHex(randomBytes(20 - prefix.byteLength));
}
