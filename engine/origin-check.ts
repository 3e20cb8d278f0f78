/**
 * A spot check of peer bytes against the origin, before they reach a player or are shared on
 * (SECURITY.md, "Peers"). A page of the swarm fetches a small window of the segment's resource
 * (through the page's own network stack, like every engine download) and the window must equal
 * the same bytes of the segment:
 * - a whole-resource segment: the window [L - W, L + W) for a segment of L bytes. The origin must
 *   send back exactly its last W bytes, equal to ours: a truncated, padded, stale or other
 *   segment (another sequence number, another stream's, a swarm collision) fails;
 * - a byte-range segment: W bytes at a random offset inside the range (the range's length is
 *   checked by the content validator).
 * Cost: one range request of at most 2 W bytes per segment that holds peer bytes. What it does
 * not catch: a few altered bytes outside the window (SECURITY.md says what would).
 */
import { LoaderError, SegmentRejection, type Segment } from "../core";
import type { HttpClient } from "../core/http/http-client";
import { parseByteRange } from "../core/http/range";

/** Bytes compared per check (the window is up to twice this for a whole resource). */
export const SPOT_WINDOW_BYTES = 2048;

/** Peer bytes that differ from the origin's; `culprits`, when known, sent the wrong ones. */
export class SegmentIntegrityError extends SegmentRejection {
  override readonly name = "SegmentIntegrityError";
  constructor(
    readonly problem: "origin-mismatch" | "origin-size",
    culprits?: readonly string[],
  ) {
    super(`peer bytes differ from the origin's: ${problem}`, culprits);
  }
}

/** What the spot checks cost and found, for engine/status and the closing figures. */
export interface SpotCheckCounts {
  checks: number;
  /** Bytes fetched from the origin for the checks. */
  originBytes: number;
  mismatches: number;
  /** Checks that could not be made (no page to fetch through, the origin failed). */
  unverified: number;
}

export class OriginSpotCheck {
  readonly counts: SpotCheckCounts = { checks: 0, originBytes: 0, mismatches: 0, unverified: 0 };

  constructor(
    private readonly http: HttpClient,
    private readonly random: () => number = Math.random,
  ) {}

  /** Resolves when `segment.data` matches the origin's window; rejects as a validator does. */
  async check(segment: Segment): Promise<void> {
    const data = segment.data;
    if (!data) return;
    const bytes = new Uint8Array(data);
    const window = this.windowOf(segment, bytes.length);
    this.counts.checks++;
    let answer: { status: number; body: Uint8Array };
    try {
      // Enough for a verdict even from an origin that ignores Range: our bytes' end, plus one.
      const limit = window.resourceStart + bytes.length + SPOT_WINDOW_BYTES + 1;
      answer = await fetchBody(this.http, segment.url, window.header, limit);
    } catch (error) {
      // 416: the origin's resource ends before our window starts, so ours is too long.
      if (error instanceof LoaderError && error.message.startsWith("http-status: 416 ")) {
        this.counts.mismatches++;
        throw new SegmentIntegrityError("origin-size");
      }
      this.counts.unverified++;
      throw new LoaderError("integrity-unverified", segment.id, { cause: error });
    }
    this.counts.originBytes += answer.body.length;
    const { body } = answer;
    // A server that ignores Range sends the whole resource: then our bytes are compared whole.
    const [theirs, ours] =
      answer.status === 200
        ? [
            window.ranged
              ? body.subarray(window.resourceStart, window.resourceStart + bytes.length)
              : body,
            bytes,
          ]
        : [body, bytes.subarray(window.from, window.from + window.length)];
    if (!sameBytes(theirs, ours)) {
      this.counts.mismatches++;
      throw new SegmentIntegrityError(
        theirs.length === ours.length ? "origin-mismatch" : "origin-size",
      );
    }
  }

  /** The Range header to ask for, and which of our bytes the answer must equal. */
  private windowOf(
    segment: Segment,
    size: number,
  ): { header: string; from: number; length: number; resourceStart: number; ranged: boolean } {
    const range = parseByteRange(segment.range);
    if (range) {
      const length = Math.min(SPOT_WINDOW_BYTES, size);
      const from = Math.floor(this.random() * (size - length + 1));
      const start = range.start + from;
      return {
        header: `bytes=${String(start)}-${String(start + length - 1)}`,
        from,
        length,
        resourceStart: range.start,
        ranged: true,
      };
    }
    const from = Math.max(0, size - SPOT_WINDOW_BYTES);
    // Past our end too: an origin resource longer than ours answers more than we expect.
    const last = size + SPOT_WINDOW_BYTES - 1;
    return {
      header: `bytes=${String(from)}-${String(last)}`,
      from,
      length: size - from,
      resourceStart: 0,
      ranged: false,
    };
  }
}

/**
 * A response body, and its status, read up to `limit` bytes: past it the request is aborted and
 * `cut` is set (an origin that ignores Range must not make a check read a whole large file).
 */
export async function fetchBody(
  http: HttpClient,
  url: string,
  range: string | undefined,
  limit: number,
): Promise<{ status: number; body: Uint8Array; cut: boolean }> {
  const chunks: Uint8Array[] = [];
  let status = 0;
  let length = 0;
  // An object, so the check after the await sees what the callback set.
  const state = { cut: false };
  const controller = new AbortController();
  try {
    await http.request({
      url,
      range,
      signal: controller.signal,
      onResponse: (info) => {
        status = info.status;
      },
      onChunk: (chunk) => {
        if (state.cut) return;
        const take = Math.min(chunk.length, limit - length);
        chunks.push(chunk.slice(0, take));
        length += take;
        if (take < chunk.length) {
          state.cut = true;
          controller.abort();
        }
      },
    });
  } catch (error) {
    if (!state.cut) throw error;
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return { status, body, cut: state.cut };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
