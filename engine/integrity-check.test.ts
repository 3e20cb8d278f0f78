import { describe, expect, it } from "vitest";
import { LoaderError, SegmentRejection, sha256, type SegmentEvidence, type Span } from "../core";
import { IntegrityCheck } from "./integrity-check";
import { SPOT_WINDOW_BYTES } from "./origin-check";
import { origin, pattern, problemOf, segmentOf } from "./testing/fake-origin";

const URL = "https://cdn.example/s1.bin";
const file = pattern(1_000_000, 1);
const digestOf = async (bytes: Uint8Array) => sha256(bytes.slice().buffer);

/** Bytes that differ from the origin's in one byte, in the middle (outside any spot window). */
function flipped(bytes: Uint8Array, at = Math.floor(bytes.length / 2)): Uint8Array {
  const copy = bytes.slice();
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

/** Attestations by peer, and who sent what (by default "sender" sent all of `file`). */
function evidence(
  attestations: Record<string, Uint8Array>,
  spans: Span[] = [{ peerId: "sender", from: 0, to: file.length }],
) {
  const discredited: string[] = [];
  const value: SegmentEvidence = {
    spans,
    attestations: new Map(Object.entries(attestations)),
    discredit: (peer) => discredited.push(peer),
  };
  return { value, discredited };
}

describe("IntegrityCheck (the engine's default validator)", () => {
  it("takes the origin's own bytes without asking the origin again", async () => {
    const { client, asked } = origin(file);
    const check = new IntegrityCheck(client);
    expect(await problemOf(check.validate(segmentOf(file, undefined, URL), "http"))).toBe("passed");
    expect(asked).toEqual([]);
  });

  it("accepts peer bytes that pass the spot check and match an independent attestation", async () => {
    const { client, asked } = origin(file);
    const check = new IntegrityCheck(client);
    const { value } = evidence({ witness: await digestOf(file) });
    const segment = segmentOf(file, undefined, URL);
    expect(await problemOf(check.validate(segment, "p2p", "sender", ["sender"], value))).toBe(
      "passed",
    );
    expect(asked).toHaveLength(1);
    expect(check.counts).toMatchObject({ attested: 1, checks: 1, originBytes: SPOT_WINDOW_BYTES });
  });

  it("spot-checks peer bytes nobody independent attested, and nothing more", async () => {
    const { client, asked } = origin(file);
    const check = new IntegrityCheck(client);
    const segment = segmentOf(file, undefined, URL);
    expect(await problemOf(check.validate(segment, "p2p", "sender", ["sender"]))).toBe("passed");
    expect(asked).toHaveLength(1);
    expect(check.counts).toMatchObject({ checks: 1, originBytes: SPOT_WINDOW_BYTES, attested: 0 });
  });

  it("catches one flipped byte the spot check cannot see, by the origin's whole segment", async () => {
    const { client, asked } = origin(file);
    const check = new IntegrityCheck(client);
    const liar = segmentOf(flipped(file), undefined, URL);
    // Without an attestation the flip (outside the spot window) passes: the documented limit.
    expect(await problemOf(check.validate(liar, "p2p", "sender", ["sender"]))).toBe("passed");
    // With one from a peer that did not send the bytes, it is caught and the witness kept.
    const { value, discredited } = evidence({ witness: await digestOf(file) });
    expect(await problemOf(check.validate(liar, "p2p", "sender", ["sender"], value))).toBe(
      "origin-mismatch",
    );
    expect(discredited).toEqual([]);
    expect(asked.slice(2)).toEqual([undefined]);
    expect(check.counts).toMatchObject({ settled: 1, mismatches: 1, discredited: 0 });
    expect(check.counts.originBytes).toBe(2 * SPOT_WINDOW_BYTES + file.length);
  });

  it("names a lying attester (the origin decides) and keeps the honest sender's bytes", async () => {
    const check = new IntegrityCheck(origin(file).client);
    const { value, discredited } = evidence({
      honest: await digestOf(file),
      liar: await digestOf(flipped(file)),
    });
    const segment = segmentOf(file, undefined, URL);
    expect(await problemOf(check.validate(segment, "p2p", "sender", ["sender"], value))).toBe(
      "passed",
    );
    expect(discredited).toEqual(["liar"]);
    expect(check.counts).toMatchObject({ settled: 1, discredited: 1, mismatches: 0 });
  });

  it("a wrong segment vouched for by a colluding attester still fails the spot check", async () => {
    const check = new IntegrityCheck(origin(file).client);
    const other = pattern(1_000_000, 2);
    const { value } = evidence({ accomplice: await digestOf(other) });
    const segment = segmentOf(other, undefined, URL);
    expect(await problemOf(check.validate(segment, "p2p", "sender", ["sender"], value))).toBe(
      "origin-mismatch",
    );
  });

  it("a lying sender backed by a lying attester is still caught when one honest peer attests", async () => {
    const check = new IntegrityCheck(origin(file).client);
    const wrong = flipped(file, 10_000);
    const { value, discredited } = evidence({
      accomplice: await digestOf(wrong),
      honest: await digestOf(file),
    });
    const segment = segmentOf(wrong, undefined, URL);
    expect(await problemOf(check.validate(segment, "p2p", "sender", ["sender"], value))).toBe(
      "origin-mismatch",
    );
    expect(discredited).toEqual(["accomplice"]);
  });

  it("settles a byte-range segment with its range only", async () => {
    const { client, asked } = origin(file);
    const check = new IntegrityCheck(client);
    const range = "bytes=100000-299999";
    const part = file.subarray(100_000, 300_000);
    const { value } = evidence({ witness: await digestOf(flipped(part)) }, [
      { peerId: "sender", from: 0, to: part.length },
    ]);
    const segment = segmentOf(part, range, URL);
    expect(await problemOf(check.validate(segment, "p2p", "sender", ["sender"], value))).toBe(
      "passed",
    );
    expect(asked.slice(1)).toEqual([range]);
  });

  it("says unverified, blaming nobody, when the origin cannot settle a disagreement", async () => {
    const check = new IntegrityCheck(origin(file, { failWhole: true }).client);
    const { value, discredited } = evidence({ witness: await digestOf(flipped(file)) });
    const segment = segmentOf(file, undefined, URL);
    expect(await problemOf(check.validate(segment, "p2p", "sender", ["sender"], value))).toBe(
      "integrity-unverified",
    );
    expect(discredited).toEqual([]);
    expect(check.counts).toMatchObject({ checks: 1, settled: 1, unverified: 1, mismatches: 0 });
  });

  it("names only the peer whose part of a mixed segment was wrong", async () => {
    const half = file.length / 2;
    const spans: Span[] = [
      { peerId: "honest", from: 0, to: half },
      { peerId: "liar", from: half, to: file.length },
    ];
    const culpritsOf = async (
      bytes: Uint8Array,
      attestations: Record<string, Uint8Array>,
      sent = spans,
    ) => {
      const check = new IntegrityCheck(origin(file).client);
      const { value } = evidence(attestations, sent);
      const segment = segmentOf(bytes, undefined, URL);
      try {
        await check.validate(segment, "p2p", "liar", ["honest", "liar"], value);
      } catch (error) {
        if (error instanceof SegmentRejection) return error.culprits;
        throw error;
      }
      return "passed";
    };
    // A flip in the tail: the spot check fails, the whole segment names the liar alone.
    expect(await culpritsOf(flipped(file, file.length - 10), {})).toEqual(["liar"]);
    // A flip in the liar's middle, seen by a witness's digest.
    expect(await culpritsOf(flipped(file, half + 1000), { witness: await digestOf(file) })).toEqual(
      ["liar"],
    );
    // Truncated: every peer that sent part of it declared that size (the core holds them to one).
    const short = file.length - 5000;
    const shortSpans: Span[] = [
      { peerId: "honest", from: 0, to: half },
      { peerId: "liar", from: half, to: short },
    ];
    expect(await culpritsOf(file.subarray(0, short), {}, shortSpans)).toEqual(["honest", "liar"]);
    expect(await culpritsOf(file, {})).toBe("passed");
  });

  describe("a segment mixed from two peers (the review's attacks)", () => {
    const half = file.length / 2;
    const liarFirst: Span[] = [
      { peerId: "liar", from: 0, to: half },
      { peerId: "honest", from: half, to: file.length },
    ];
    const outcome = async (
      check: IntegrityCheck,
      bytes: Uint8Array,
      spans: Span[],
      attestations: Record<string, Uint8Array> = {},
      url = URL,
    ) => {
      const { value, discredited } = evidence(attestations, spans);
      const contributors = [...new Set(spans.map((span) => span.peerId))];
      try {
        await check.validate(segmentOf(bytes, undefined, url), "p2p", "x", contributors, value);
        return { verdict: "passed", discredited };
      } catch (error) {
        if (error instanceof SegmentRejection) {
          return { verdict: `culprits ${JSON.stringify(error.culprits)}`, discredited };
        }
        if (error instanceof LoaderError) return { verdict: error.code, discredited };
        throw error;
      }
    };

    it("a liar that sends the first bytes cannot silence the digest of the honest peer that finishes", async () => {
      const check = new IntegrityCheck(origin(file).client);
      const result = await outcome(check, flipped(file, 1000), liarFirst, {
        honest: await digestOf(file),
      });
      expect(result).toEqual({ verdict: 'culprits ["liar"]', discredited: [] });
    });

    it("a broken container in the liar's part bans the liar only", async () => {
      // Valid MPEG-TS (a sync byte every 188), judged as such by its .ts URL.
      const ts = file.slice();
      for (let at = 0; at < ts.length; at += 188) ts[at] = 0x47;
      const broken = ts.slice();
      broken[188 * 10] = 0;
      const check = new IntegrityCheck(origin(ts).client);
      const result = await outcome(check, broken, liarFirst, {}, "https://cdn.example/s1.ts");
      expect(result.verdict).toBe('culprits ["liar"]');
    });

    it("bans nobody when the origin changed the bytes that came over HTTP", async () => {
      const changed = flipped(file, file.length - 100_000);
      const check = new IntegrityCheck(origin(changed).client);
      const spans: Span[] = [{ peerId: "honest", from: 0, to: half }];
      const result = await outcome(check, file, spans, { witness: await digestOf(changed) });
      expect(result.verdict).toBe("culprits []");
    });

    it("keeps the spot check's verdict (ban) when the whole segment cannot be had", async () => {
      const check = new IntegrityCheck(origin(file, { failWhole: true }).client);
      const spans: Span[] = [
        { peerId: "honest", from: 0, to: half },
        { peerId: "liar", from: half, to: file.length },
      ];
      const result = await outcome(check, flipped(file, file.length - 10), spans);
      expect(result.verdict).toBe("culprits undefined");
    });
  });

  it("spot-checks a byte range that starts at 0 against an origin that ignores Range", async () => {
    const check = new IntegrityCheck(origin(file, { ignoreRange: true }).client);
    const part = file.subarray(0, 200_000);
    const segment = segmentOf(part, "bytes=0-199999", URL);
    expect(await problemOf(check.validate(segment, "p2p", "sender", ["sender"]))).toBe("passed");
  });
});
