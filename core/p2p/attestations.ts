/**
 * Digests of the origin's bytes, announced between peers (SECURITY.md, "Peers"). A viewer that
 * fetched a segment whole from the origin announces the SHA-256 of its bytes (a `digest` wire
 * message: an attestation). Whoever receives a segment from peers is told the attestations of
 * the peers whose bytes are NOT in it (independent of the sender), so a validator can accept
 * bytes that match an independent attestation and settle a disagreement with the origin itself.
 * The core only carries and remembers attestations; what to believe is the validator's policy
 * (engine/swarm-entry.ts). Without a digest function (the core's default, as in P2P Media Loader)
 * nothing is attested.
 */

/** The SHA-256 of some bytes. */
export type Digest = (bytes: ArrayBuffer) => Promise<Uint8Array>;

/** SHA-256 through WebCrypto (browsers and Node have it). */
export const sha256: Digest = async (bytes) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));

/** Bytes [from, to) of a segment, sent by one peer. */
export interface Span {
  peerId: string;
  from: number;
  to: number;
}

/** What a segmentValidator is told about a segment besides its bytes. */
export interface SegmentEvidence {
  /** Which peer sent which bytes (the rest came over HTTP), in the order they arrived. */
  readonly spans: readonly Span[];
  /**
   * SHA-256 digests of the origin's bytes for this segment by the peers that announced one, none
   * of them a contributor of the bytes being checked.
   */
  readonly attestations: ReadonlyMap<string, Uint8Array>;
  /** The validator proved this peer's attestation false: it is banned and disconnected. */
  discredit(peerId: string): void;
}

export function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let index = 0; index < a.byteLength; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * Our own attestations: the digests of segments we fetched whole from the origin, while we hold
 * them (at most one per held segment).
 */
export class OwnDigests {
  private readonly digests = new Map<string, Uint8Array>();

  constructor(private readonly digest: Digest) {}

  /** Digests `data` and remembers it for `id`; the digest, or undefined if hashing failed. */
  async attest(id: string, data: ArrayBuffer): Promise<Uint8Array | undefined> {
    try {
      const value = await this.digest(data);
      this.digests.set(id, value);
      return value;
    } catch {
      return undefined;
    }
  }

  /** Forgets the digests of segments no longer held. */
  keepOnly(held: ReadonlySet<string>): void {
    for (const id of this.digests.keys()) if (!held.has(id)) this.digests.delete(id);
  }

  /** Our attestations for the segments in `ids`. */
  for(ids: Iterable<string>): [string, Uint8Array][] {
    const found: [string, Uint8Array][] = [];
    for (const id of ids) {
      const value = this.digests.get(id);
      if (value) found.push([id, value]);
    }
    return found;
  }

  clear(): void {
    this.digests.clear();
  }
}

/** Records that `peerId` sent `length` bytes at `from`, extending its last span when contiguous. */
export function addSpan(spans: Span[], peerId: string, from: number, length: number): void {
  const last = spans.at(-1);
  if (last?.peerId === peerId && last.to === from) last.to += length;
  else spans.push({ peerId, from, to: from + length });
}
