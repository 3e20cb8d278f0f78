/**
 * What the default content check costs per 2 MiB segment (not a test: it prints figures).
 * Run: npx tsx engine/segment-check.bench.ts
 * MPEG-TS: 11,155 packets of 188 bytes. fMP4: styp + moof + one 2 MiB mdat (the common case), and
 * a CMAF-chunked one of 64 moof/mdat pairs. Also the whole validator as the core calls it, and
 * SHA-256 through WebCrypto (what the integrity check hashes: engine/integrity-check.ts).
 */
import { Segment, sha256 } from "../core";
import { ContentValidator } from "./content-validator";
import { checkIsoBmff, checkMpegTs, TS_PACKET_SIZE } from "./segment-check";

const SIZE = 2 * 1024 * 1024;
const RUNS = 2000;

function tsSegment(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(Math.floor(SIZE / TS_PACKET_SIZE) * TS_PACKET_SIZE);
  for (let at = 0; at < bytes.length; at++)
    bytes[at] = at % TS_PACKET_SIZE === 0 ? 0x47 : at & 0xff;
  return bytes;
}

function boxes(parts: readonly [string, number][]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, [, size]) => sum + size, 0));
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const [type, size] of parts) {
    view.setUint32(at, size);
    for (let index = 0; index < 4; index++) bytes[at + 4 + index] = type.charCodeAt(index);
    at += size;
  }
  return bytes;
}

const fmp4 = boxes([
  ["styp", 24],
  ["moof", 1400],
  ["mdat", SIZE - 1424],
]);
const chunked = boxes(
  Array.from({ length: 64 }, (): [string, number][] => [
    ["moof", 600],
    ["mdat", SIZE / 64 - 600],
  ]).flat(),
);

function measure(name: string, run: () => unknown): void {
  for (let index = 0; index < 200; index++) run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => (times[Math.floor(q * (times.length - 1))] ?? 0) * 1000;
  console.log(
    `${name.padEnd(44)} median ${at(0.5).toFixed(1).padStart(7)} µs   p95 ${at(0.95).toFixed(1).padStart(7)} µs`,
  );
}

const ts = tsSegment();
const validator = new ContentValidator();
const peerTs = new Segment("s", "https://cdn.test/seg_001.ts", undefined, 0, { data: ts.buffer });

console.log(`content check, ${String(RUNS)} runs each, ${process.version}`);
measure("MPEG-TS 2 MiB (11,155 packets)", () => checkMpegTs(ts));
measure("fMP4 2 MiB (styp + moof + mdat)", () => checkIsoBmff(fmp4));
measure("fMP4 2 MiB, CMAF chunks (64 moof/mdat pairs)", () => checkIsoBmff(chunked));
measure("validator, peer MPEG-TS 2 MiB (as the core calls)", () =>
  validator.validate(peerTs, "p2p", "peer"),
);

/** SHA-256 of a 2 MiB segment through crypto.subtle (asynchronous, so timed apart). */
async function measureDigest(): Promise<void> {
  const runs = 300;
  for (let index = 0; index < 30; index++) await sha256(ts.buffer);
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    await sha256(ts.buffer);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const perMiB = median / (ts.byteLength / 1024 / 1024);
  console.log(
    `${"SHA-256 2 MiB (crypto.subtle)".padEnd(44)} median ${(median * 1000).toFixed(1).padStart(7)} µs   ${perMiB.toFixed(2)} ms per MiB`,
  );
}

await measureDigest();
