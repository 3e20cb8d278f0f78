/**
 * The container part of the engine's default segmentValidator (engine/integrity-check.ts), one
 * per swarm: bytes from peers must look like a segment of the swarm's container
 * (engine/segment-check.ts) and, for a byte-range segment, be exactly as long as the range. Bytes over HTTP (the engine's own fetch, or the page's own fetch handed over
 * with put-segment) are the origin's and are not judged; they teach the validator the swarm's
 * container instead.
 *
 * Which container a peer's bytes must be, first that applies:
 * 0. in a swarm the page says is encrypted (HLS AES-128, `encrypted` in its queue): ciphertext,
 *    whole 16-byte blocks, unless the bytes are a whole clear segment (a playlist may encrypt
 *    only part of its segments). The URL's ".ts" says nothing of ciphertext;
 * 1. what the origin's bytes in this swarm were: the check each passed (MPEG-TS or ISO-BMFF), or
 *    "opaque" once one passed neither or two disagreed — then nothing is checked, so an odd
 *    stream (192-byte M2TS packets, byte ranges cut across boxes) never gets honest peers banned;
 * 2. the URL's extension (.ts, .m4s, .mp4, .cmfv, ...);
 * 3. the bytes' own first header (0x47, or a known box type at offset 4): a truncated or damaged
 *    segment that starts like one is caught; bytes that look like nothing are let through.
 * A rejection makes the core ban every peer whose bytes were in the segment and fetch it again.
 */
import type { Segment, SegmentValidator } from "../core";
import { parseByteRange, rangeSize } from "../core/http/range";
import {
  checkContainer,
  claimedContainer,
  containerOfUrl,
  sniffContainer,
  type Container,
  type ContentProblem,
} from "./segment-check";

export type ContentRejection = ContentProblem | "range-length";

export class SegmentContentError extends Error {
  override readonly name = "SegmentContentError";
  constructor(
    readonly problem: ContentRejection,
    readonly container: Container | "range",
  ) {
    super(`peer bytes failed the ${container} check: ${problem}`);
  }
}

export class ContentValidator {
  /** What the origin's bytes in this swarm were; undefined before the first HTTP segment. */
  private origin: Container | undefined;

  constructor(
    /** Whether the swarm's segments are encrypted (engine/swarm-entry.ts: from the queues). */
    private readonly encrypted: () => boolean = () => false,
  ) {}

  readonly validate: SegmentValidator = (segment, method) => {
    try {
      this.judge(segment, method);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  /** The container learned from the origin's bytes so far. */
  get learned(): Container | undefined {
    return this.origin;
  }

  private judge(segment: Segment, method: "http" | "p2p"): void {
    const data = segment.data;
    if (!data) return;
    const bytes = new Uint8Array(data);
    if (method === "http") {
      this.learn(bytes);
      return;
    }
    const expected = rangeSize(parseByteRange(segment.range));
    if (expected !== undefined && expected !== bytes.length) {
      throw new SegmentContentError("range-length", "range");
    }
    const container = this.encrypted()
      ? encryptedOrClear(bytes)
      : (this.origin ?? containerOfUrl(segment.url) ?? claimedContainer(bytes));
    const problem = checkContainer(container, bytes);
    if (problem !== undefined) throw new SegmentContentError(problem, container);
  }

  private learn(bytes: Uint8Array): void {
    const seen = sniffContainer(bytes);
    if (this.origin === undefined) this.origin = seen;
    else if (this.origin !== seen) this.origin = "opaque";
  }
}

/** Ciphertext, unless the bytes pass as a whole clear segment. */
const encryptedOrClear = (bytes: Uint8Array): Container => {
  const clear = sniffContainer(bytes);
  return clear === "opaque" ? "aes-128" : clear;
};
