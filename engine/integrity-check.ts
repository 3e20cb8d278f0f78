/**
 * The engine's default segmentValidator, one per swarm (SECURITY.md, "Peers"). Bytes from the
 * origin alone pass the content check (and teach it the swarm's container). Bytes with any
 * peer's in them must pass the content check, the origin spot check (a window of the origin's
 * bytes must match: engine/origin-check.ts), and then the attestations of the peers whose bytes
 * are not in them (core/p2p/attestations.ts):
 * - none: accepted (a few altered bytes outside the window would pass: SECURITY.md);
 * - all equal to the bytes' SHA-256: accepted ("attested");
 * - any other: the origin settles it. The whole segment is fetched from the origin (through a
 *   page, as every engine download) and whoever differs from it is named: the contributors of
 *   wrong bytes are banned by the core (the rejection), every attester of a wrong digest is
 *   discredited (banned).
 * The spot check runs whatever the attestations say, so peers that collude (a sender and an
 * attester agreeing on wrong bytes) are no stronger than a lone liar was before attestations.
 * A check that cannot be made (no page to fetch through, the origin failed) is
 * "integrity-unverified": the peers are passed over for the segment, not banned.
 */
import {
  LoaderError,
  sameDigest,
  sha256,
  type Digest,
  type Segment,
  type SegmentEvidence,
  type SegmentValidator,
  type Span,
} from "../core";
import type { HttpClient } from "../core/http/http-client";
import { parseByteRange } from "../core/http/range";
import { ContentValidator } from "./content-validator";
import {
  fetchBody,
  OriginSpotCheck,
  sameBytes,
  SegmentIntegrityError,
  type SpotCheckCounts,
} from "./origin-check";

/** What the checks cost and found, for engine/status and the closing figures. */
export interface IntegrityCounts extends SpotCheckCounts {
  /** Segments whose digest also matched an independent attestation. */
  attested: number;
  /** Disagreements settled by fetching the whole segment from the origin. */
  settled: number;
  /** Peers whose attestation the origin proved false. */
  discredited: number;
}

export class IntegrityCheck {
  private readonly content: ContentValidator;
  private readonly spot: OriginSpotCheck;
  private readonly digestCounts = { attested: 0, settled: 0, discredited: 0, originBytes: 0 };

  constructor(
    /** Fetches through the swarm's pages. */
    private readonly http: HttpClient,
    private readonly digest: Digest = sha256,
    random?: () => number,
    /** Whether the swarm's segments are encrypted (ContentValidator). */
    encrypted?: () => boolean,
  ) {
    this.spot = new OriginSpotCheck(http, random);
    this.content = new ContentValidator(encrypted);
  }

  get counts(): IntegrityCounts {
    const { originBytes, ...digests } = this.digestCounts;
    return {
      ...this.spot.counts,
      ...digests,
      originBytes: this.spot.counts.originBytes + originBytes,
    };
  }

  readonly validate: SegmentValidator = async (
    segment,
    method,
    peerId,
    contributors = [],
    evidence,
  ) => {
    const fromOrigin = method === "http" && contributors.length === 0;
    if (fromOrigin || !segment.data) {
      await this.content.validate(segment, "http", peerId);
      return;
    }
    const data = segment.data;
    try {
      await this.content.validate(segment, "p2p", peerId);
      // Always: it catches another segment, a truncated or padded one whoever vouches for it.
      await this.spot.check(segment);
    } catch (error) {
      // Several peers' bytes: the origin's whole segment says whose were wrong (or, if it cannot
      // be had, every contributor is blamed as the failed check says).
      if (peersIn(evidence) < 2 || error instanceof LoaderError) throw error;
      await this.settle(data, segment, evidence, {
        counted: error instanceof SegmentIntegrityError,
      }).catch((settling: unknown) => {
        throw settling instanceof LoaderError ? error : settling;
      });
      return;
    }
    await this.compareDigests(data, segment, evidence);
  };

  /** Bytes a page handed in (it fetched them itself): no more trusted than a peer's. */
  checkPageBytes(segment: Segment): Promise<void> {
    return this.spot.check(segment);
  }

  /**
   * Every peer's digest can reveal a disagreement, a contributor's too (a liar that sends the
   * first bytes would otherwise make the honest peer that finishes the segment a contributor and
   * silence its digest); only the digests of peers whose bytes are not in the segment count for
   * accepting it.
   */
  private async compareDigests(
    data: ArrayBuffer,
    segment: Segment,
    evidence: SegmentEvidence | undefined,
  ): Promise<void> {
    const attestations = evidence?.attestations ?? new Map<string, Uint8Array>();
    if (attestations.size === 0) return;
    const ours = await this.digest(data);
    const disputed = [...attestations.values()].some((theirs) => !sameDigest(theirs, ours));
    if (disputed) {
      await this.settle(data, segment, evidence, { counted: false });
      return;
    }
    const senders = new Set(evidence?.spans.map((span) => span.peerId));
    if ([...attestations.keys()].some((attester) => !senders.has(attester))) {
      this.digestCounts.attested++;
    }
  }

  /**
   * Fetches the whole segment from the origin and names whoever differs from it: attesters of
   * another digest are discredited; wrong bytes are rejected, naming the peers that sent them.
   * `counted`: the mismatch was counted already (by the spot check).
   */
  private async settle(
    data: ArrayBuffer,
    segment: Segment,
    evidence: SegmentEvidence | undefined,
    { counted }: { counted: boolean },
  ): Promise<void> {
    this.digestCounts.settled++;
    const origin = await this.fetchWhole(segment);
    const truth = await this.digest(origin.slice().buffer);
    for (const [attester, theirs] of evidence?.attestations ?? []) {
      if (sameDigest(theirs, truth)) continue;
      this.digestCounts.discredited++;
      evidence?.discredit(attester);
    }
    const ours = new Uint8Array(data);
    if (sameBytes(ours, origin)) return;
    if (!counted) this.spot.counts.mismatches++;
    throw new SegmentIntegrityError(
      ours.length === origin.length ? "origin-mismatch" : "origin-size",
      culprits(ours, origin, evidence?.spans ?? []),
    );
  }

  /**
   * The segment's bytes as the origin serves them now (its byte range of the resource), read up
   * to MAX_SETTLE_BYTES; a larger answer cannot be judged ("integrity-unverified").
   */
  private async fetchWhole(segment: Segment): Promise<Uint8Array> {
    const range = parseByteRange(segment.range);
    const end = range?.end === undefined ? undefined : range.end + 1;
    // Enough for the range even from an origin that ignores Range (it sends the whole resource).
    const limit = Math.min(end ?? MAX_SETTLE_BYTES, MAX_SETTLE_BYTES);
    let answer: { status: number; body: Uint8Array; cut: boolean };
    try {
      answer = await fetchBody(this.http, segment.url, segment.range, limit);
    } catch (error) {
      this.spot.counts.unverified++;
      throw new LoaderError("integrity-unverified", segment.id, { cause: error });
    }
    this.digestCounts.originBytes += answer.body.byteLength;
    const { status, body, cut } = answer;
    const whole = range && status === 200;
    if (cut && !(whole && end !== undefined && body.length >= end)) {
      this.spot.counts.unverified++;
      throw new LoaderError(
        "integrity-unverified",
        `${segment.id}: the origin's answer is too large`,
      );
    }
    return whole ? body.subarray(range.start, end) : body;
  }
}

/** Most bytes read from the origin to settle one segment (core settings' default maxSegmentSize). */
const MAX_SETTLE_BYTES = 64 * 1024 * 1024;

const peersIn = (evidence: SegmentEvidence | undefined): number =>
  new Set(evidence?.spans.map((span) => span.peerId)).size;

/**
 * The peers whose bytes differ from the origin's: a span with a wrong byte or past the origin's
 * end, and for a segment that ends too early every peer that sent part of it (each declared that
 * size). None when no peer's bytes are to blame (the origin changed meanwhile, the difference is
 * in bytes from HTTP): then nobody is banned, the peers are only passed over for the segment.
 */
function culprits(ours: Uint8Array, origin: Uint8Array, spans: readonly Span[]) {
  const named = new Set<string>();
  for (const span of spans) {
    if (span.to > origin.length) named.add(span.peerId);
    for (let index = span.from; index < span.to && !named.has(span.peerId); index++) {
      if (ours[index] !== origin[index]) named.add(span.peerId);
    }
  }
  // Too short: every peer that sent any of it declared that size (the core holds them to one).
  if (ours.length < origin.length) for (const span of spans) named.add(span.peerId);
  return [...named];
}
