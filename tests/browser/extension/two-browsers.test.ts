/**
 * Two Chromium profiles (two browsers) with the extension, in one private network namespace, a
 * local tracker and a local origin. Browser A's engine loads an ffmpeg HLS stream over HTTP;
 * browser B's engine then loads the same swarm and gets most of its bytes from A over real WebRTC
 * between the two offscreen documents, and every segment equals the origin's file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../../harness/wait";
import { launchWithExtension, type ExtensionBrowser } from "../../../harness/browser/chromium";
import { ExtensionDriver, type FakeFrame } from "../../../harness/browser/extension-driver";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";
import { waitFor } from "../support/wait-for";

const SWARM = "two-browsers-stream";

/** Every segment's bytes through the relay route, checked against the origin's files. */
async function fetchAll(driver: ExtensionDriver, fixture: StreamFixture, frame: FakeFrame) {
  for (const [index, segment] of fixture.queue.entries()) {
    const reply = await driver.relay(
      { type: "relay/get-segment", swarmId: SWARM, segmentId: segment.id, waitMs: 20_000 },
      frame,
    );
    if (!reply.ok || reply.type !== "segment") {
      throw new Error(`segment ${segment.id}: ${JSON.stringify(reply)}`);
    }
    expect(sha256(Buffer.from(reply.bytesBase64, "base64")), segment.id).toBe(
      fixture.stream.segments[index]?.sha256,
    );
  }
}

describe("two browsers share a swarm through their offscreen engines", () => {
  let fixture: StreamFixture;
  let browsers: ExtensionBrowser[] = [];

  beforeAll(async () => {
    fixture = await startStreamFixture({ seconds: 20 });
    browsers = await Promise.all([launchWithExtension(), launchWithExtension()]);
  });

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await fixture.close();
  });

  it("moves most of the second browser's bytes from the first over WebRTC, intact", async () => {
    const [a, b] = browsers.map((browser) => new ExtensionDriver(browser.worker));
    if (!a || !b) throw new Error("two browsers expected");
    // B waits for peers before HTTP (httpDownloadInitialTimeout); A, alone, starts at once.
    const settings = { ...fixture.settings, httpDownloadInitialTimeout: 8000 };
    await a.preset(settings, [fixture.site]);
    await b.preset(settings, [fixture.site]);
    const frameA: FakeFrame = { tabId: 7, frameId: 0, origin: fixture.site };
    const frameB: FakeFrame = { tabId: 9, frameId: 0, origin: fixture.site };
    const streamBytes = fixture.stream.segments.reduce((sum, segment) => sum + segment.bytes, 0);

    expect(
      await a.relay({ type: "relay/load", swarmId: SWARM, segments: fixture.queue }, frameA),
    ).toEqual({
      ok: true,
      type: "loaded",
    });
    await fetchAll(a, fixture, frameA);
    const originAfterA = fixture.origin.servedBytes();
    expect(originAfterA).toBe(streamBytes);

    const loadAt = performance.now();
    expect(
      await b.relay({ type: "relay/load", swarmId: SWARM, segments: fixture.queue }, frameB),
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
    await fetchAll(b, fixture, frameB);
    const doneMs = performance.now() - loadAt;

    // Stats reach the background once a second: wait until they cover the whole stream.
    const downloaded = async () => {
      const stats = await b.stats(frameB.tabId);
      return (stats?.p2pBytes ?? 0) + (stats?.httpBytes ?? 0) >= streamBytes;
    };
    await waitFor(downloaded, 3000, "B's stats");
    const fromPeers = (await b.stats(frameB.tabId))?.p2pBytes ?? 0;
    const uploaded = async () => ((await a.stats(frameA.tabId))?.uploadedBytes ?? 0) >= fromPeers;
    await waitFor(uploaded, 3000, "A's stats");
    const statsB = await b.stats(frameB.tabId);
    const statsA = await a.stats(frameA.tabId);
    if (!statsA || !statsB) throw new Error("no stats");
    const originForB = fixture.origin.servedBytes() - originAfterA;
    console.log(
      `peer connected after ${connectMs.toFixed(0)} ms; B had all ${String(fixture.queue.length)} segments after ${doneMs.toFixed(0)} ms;`,
      `B: ${String(statsB.p2pBytes)} bytes from peers, ${String(statsB.httpBytes)} over HTTP;`,
      `A uploaded ${String(statsA.uploadedBytes)}; origin served B ${String(originForB)} of ${String(streamBytes)}`,
    );
    expect(statsB.p2pBytes).toBeGreaterThan(streamBytes / 2);
    expect(statsB.p2pBytes + statsB.httpBytes).toBeGreaterThanOrEqual(streamBytes);
    expect(statsA.uploadedBytes).toBeGreaterThanOrEqual(statsB.p2pBytes);
    expect(originForB).toBe(statsB.httpBytes);
    expect(originForB).toBeLessThan(streamBytes / 2);
    expect(await b.badgeText(frameB.tabId)).toMatch(/^\d+%$/);
  });
});
