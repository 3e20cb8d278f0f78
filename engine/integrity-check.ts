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
  /** Segments accepted on an independent attestation (no origin request). */
  attested: number;
  /** Disagreements settled by fetching the whole segment from the origin. */
  settled: number;
  /** Peers whose attestation the origin proved false. */
  discredited: number;
}

export class IntegrityCheck {
  private readonly content = new ContentValidator();
  private readonly spot: OriginSpotCheck;
  private readonly digestCounts = { attested: 0, settled: 0, discredited: 0, originBytes: 0 };

  constructor(
    /** Fetches through the swarm's pages. */
    private readonly http: HttpClient,
    private readonly digest: Digest = sha256,
    random?: () => number,
  ) {
    this.spot = new OriginSpotCheck(http, random);
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
    await this.content.validate(segment, fromOrigin ? "http" : "p2p", peerId);
    if (!fromOrigin) await this.checkAgainstOrigin(segment, evidence);
  };

  /** Bytes a page handed in (it fetched them itself): no more trusted than a peer's. */
  checkPageBytes(segment: Segment): Promise<void> {
    return this.spot.check(segment);
  }

  private async checkAgainstOrigin(segment: Segment, evidence?: SegmentEvidence): Promise<void> {
    const data = segment.data;
    if (!data) return;
    try {
      // Always: it catches another segment, a truncated or padded one whoever vouches for it.
      await this.spot.check(segment);
    } catch (error) {
      // Several peers' bytes: the origin's whole segment says whose were wrong.
      if (!(error instanceof SegmentIntegrityError) || peersIn(evidence) < 2) throw error;
      await this.settle(data, segment, evidence, { counted: true });
      return;
    }
    const attestations = evidence?.attestations ?? new Map<string, Uint8Array>();
    if (attestations.size === 0) return;
    const ours = await this.digest(data);
    const disputed = [...attestations.values()].some((theirs) => !sameDigest(theirs, ours));
    if (!disputed) {
      this.digestCounts.attested++;
      return;
    }
    await this.settle(data, segment, evidence, { counted: false });
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

  /** The segment's bytes as the origin serves them now (its byte range of the resource). */
  private async fetchWhole(segment: Segment): Promise<Uint8Array> {
    const range = parseByteRange(segment.range);
    let answer: { status: number; body: Uint8Array };
    try {
      answer = await fetchBody(this.http, segment.url, segment.range);
    } catch (error) {
      this.spot.counts.unverified++;
      throw new LoaderError("integrity-unverified", segment.id, { cause: error });
    }
    this.digestCounts.originBytes += answer.body.byteLength;
    // A server that ignores Range sends the whole resource.
    return range && answer.status === 200
      ? answer.body.subarray(range.start, range.end === undefined ? undefined : range.end + 1)
      : answer.body;
  }
}

const peersIn = (evidence: SegmentEvidence | undefined): number =>
  new Set(evidence?.spans.map((span) => span.peerId)).size;

/**
 * The peers whose bytes differ from the origin's: a span with a wrong byte or past the origin's
 * end, or the last span of bytes that end too early (its sender declared the size). Undefined
 * when no span is to blame (the origin changed meanwhile): then every contributor is.
 */
function culprits(ours: Uint8Array, origin: Uint8Array, spans: readonly Span[]) {
  const named = new Set<string>();
  for (const span of spans) {
    if (span.to > origin.length) named.add(span.peerId);
    for (let index = span.from; index < span.to && !named.has(span.peerId); index++) {
      if (ours[index] !== origin[index]) named.add(span.peerId);
    }
  }
  const last = spans.at(-1);
  if (ours.length < origin.length && last?.to === ours.length) named.add(last.peerId);
  return named.size > 0 ? [...named] : undefined;
}
