/**
 * Two Chromium profiles (two browsers) with the extension, in one private network namespace, a
 * local tracker and a local origin. Browser A's engine loads an ffmpeg HLS stream over HTTP;
 * browser B's engine then loads the same swarm and gets most of its bytes from A over real WebRTC
 * between the two offscreen documents, and every segment equals the origin's file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../../harness/wait";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { BLANK_PAGE_PATH, type PageFrame } from "../../../harness/browser/page-frame";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";
import { launchTwoBrowsers, openViewers } from "../support/two-viewers";
import { waitFor } from "../support/wait-for";
import { landBytes } from "../../../messaging/bytes";

const SWARM = "two-browsers-stream";

/** Every segment's bytes through the page's relay, checked against the origin's files. */
async function fetchAll(fixture: StreamFixture, frame: PageFrame) {
  for (const [index, segment] of fixture.queue.entries()) {
    const reply = await frame.relay({
      type: "relay/get-segment",
      swarmId: SWARM,
      segmentId: segment.id,
      waitMs: 20_000,
    });
    if (!reply.ok || reply.type !== "segment") {
      throw new Error(`segment ${segment.id}: ${JSON.stringify(reply)}`);
    }
    expect(sha256(Buffer.from(landBytes(reply.bytes))), segment.id).toBe(
      fixture.stream.segments[index]?.sha256,
    );
  }
}

describe("two browsers share a swarm through their offscreen engines", () => {
  let fixture: StreamFixture;
  let browsers: ExtensionBrowser[] = [];

  beforeAll(async () => {
    fixture = await startStreamFixture({ seconds: 20 });
    browsers = await launchTwoBrowsers();
  });

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await fixture.close();
  });

  it("moves most of the second browser's bytes from the first over WebRTC, intact", async () => {
    // B waits for peers before HTTP (httpDownloadInitialTimeout); A, alone, starts at once.
    const settings = { ...fixture.settings, httpDownloadInitialTimeout: 8000 };
    // A real page in each browser: the engines download through them.
    const [viewerA, viewerB] = await openViewers(browsers, fixture, [settings, settings]);
    if (!viewerA || !viewerB) throw new Error("two viewers expected");
    const { driver: a, frame: frameA, tabId: tabA } = viewerA;
    const { driver: b, frame: frameB, tabId: tabB } = viewerB;
    const streamBytes = fixture.stream.segments.reduce((sum, segment) => sum + segment.bytes, 0);
    const segmentBytes = () => fixture.origin.servedBytes() - pageBytes();
    const pageBytes = () => fixture.origin.servedBytesByPath().get(BLANK_PAGE_PATH) ?? 0;

    expect(
      await frameA.relay({ type: "relay/load", swarmId: SWARM, segments: fixture.queue }),
    ).toEqual({
      ok: true,
      type: "loaded",
    });
    await fetchAll(fixture, frameA);
    const originAfterA = segmentBytes();
    expect(originAfterA).toBe(streamBytes);

    const loadAt = performance.now();
    expect(
      await frameB.relay({ type: "relay/load", swarmId: SWARM, segments: fixture.queue }),
    ).toEqual({
      ok: true,
      type: "loaded",
    });
    await waitFor(
      async () => {
        const status = await b.engineStatus();
        return status.ok && (status.swarms[0]?.peers ?? 0) > 0;
      },
      15_000,
      "B's engine to connect to A's",
    );
    const connectMs = performance.now() - loadAt;
    await fetchAll(fixture, frameB);
    const doneMs = performance.now() - loadAt;

    // Stats reach the background once a second: wait until they cover the whole stream.
    const downloaded = async () => {
      const stats = await b.stats(tabB);
      return (stats?.p2pBytes ?? 0) + (stats?.httpBytes ?? 0) >= streamBytes;
    };
    await waitFor(downloaded, 3000, "B's stats");
    const fromPeers = (await b.stats(tabB))?.p2pBytes ?? 0;
    const uploaded = async () => ((await a.stats(tabA))?.uploadedBytes ?? 0) >= fromPeers;
    await waitFor(uploaded, 3000, "A's stats");
    const statsB = await b.stats(tabB);
    const statsA = await a.stats(tabA);
    if (!statsA || !statsB) throw new Error("no stats");
    const originForB = segmentBytes() - originAfterA;
    console.log(
      `peer connected after ${connectMs.toFixed(0)} ms; B had all ${String(fixture.queue.length)} segments after ${doneMs.toFixed(0)} ms;`,
      `B: ${String(statsB.p2pBytes)} bytes from peers, ${String(statsB.httpBytes)} over HTTP;`,
      `A uploaded ${String(statsA.uploadedBytes)}; origin served B ${String(originForB)} of ${String(streamBytes)}`,
    );
    expect(statsB.p2pBytes).toBeGreaterThan(streamBytes / 2);
    expect(statsB.p2pBytes + statsB.httpBytes).toBeGreaterThanOrEqual(streamBytes);
    expect(statsA.uploadedBytes).toBeGreaterThanOrEqual(statsB.p2pBytes);
    // What B's engine fetched, plus the small windows it checked peer bytes against.
    const statusB = await b.engineStatus();
    if (!statusB.ok) throw new Error(statusB.error);
    const spot = statusB.swarms.reduce((sum, swarm) => sum + swarm.integrity.originBytes, 0);
    const checks = statusB.swarms.reduce((sum, swarm) => sum + swarm.integrity.checks, 0);
    console.log(`B's origin spot checks: ${String(checks)}, ${String(spot)} bytes`);
    expect(checks).toBeGreaterThanOrEqual(fixture.queue.length / 2);
    expect(originForB).toBe(statsB.httpBytes + spot);
    expect(originForB).toBeLessThan(streamBytes / 2);
    expect(await b.badgeText(tabB)).toMatch(/^\d+%$/);
  });
});
