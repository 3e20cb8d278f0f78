/**
 * The viewer's upload limit, measured where it matters: at the peer that receives. Two Chromium
 * profiles with the extension in one private network namespace, a local tracker and origin.
 * Browser A, capped at 1 Mbit/s (p2pMaxUploadSpeed 125,000 bytes/s), loads an ffmpeg HLS stream
 * over HTTP; browser B then asks for the whole stream at once and waits for peers before HTTP,
 * so it pulls from A as fast as A sends. B's rate from peers is within 20% of the cap.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";
import { launchTwoBrowsers, openViewers } from "../support/two-viewers";
import { waitFor } from "../support/wait-for";

const SWARM = "upload-cap-stream";
/** 1 Mbit/s, in the engine's unit. */
const CAP_BYTES_PER_SECOND = 125_000;

describe("an upload limit of 1 Mbit/s", () => {
  let fixture: StreamFixture;
  let browsers: ExtensionBrowser[] = [];

  beforeAll(async () => {
    // 30 s at 1200 kbit/s: about 5 MB, about 40 s at the cap.
    fixture = await startStreamFixture({ seconds: 30 });
    browsers = await launchTwoBrowsers();
  });

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await fixture.close();
  });

  it("is what the receiving peer gets from the capped one, within 20%", async () => {
    // B tries peers first for the whole stream (nothing random over HTTP), so its rate from
    // peers is A's upload rate.
    const [viewerA, viewerB] = await openViewers(browsers, fixture, [
      { ...fixture.settings, p2pMaxUploadSpeed: CAP_BYTES_PER_SECOND },
      {
        ...fixture.settings,
        httpDownloadInitialTimeout: 600_000,
        httpDownloadInitialTimeoutPerSegment: 600_000,
        httpDownloadProbability: 0,
      },
    ]);
    if (!viewerA || !viewerB) throw new Error("two viewers expected");
    const { driver: a, frame: frameA, tabId: tabA } = viewerA;
    const { driver: b, frame: frameB, tabId: tabB } = viewerB;
    const streamBytes = fixture.stream.segments.reduce((sum, segment) => sum + segment.bytes, 0);

    // A holds the whole stream first (over HTTP, alone).
    await frameA.relay({ type: "relay/load", swarmId: SWARM, segments: fixture.queue });
    await waitFor(
      async () => ((await a.stats(tabA))?.httpBytes ?? 0) >= streamBytes,
      120_000,
      "A's engine to hold the whole stream",
    );

    // B pulls it; its bytes from peers are sampled as the engine reports them (every second).
    await frameB.relay({ type: "relay/load", swarmId: SWARM, segments: fixture.queue });
    const samples: { at: number; bytes: number }[] = [];
    await waitFor(
      async () => {
        const stats = await b.stats(tabB);
        const bytes = stats?.p2pBytes ?? 0;
        if (bytes > (samples.at(-1)?.bytes ?? 0)) samples.push({ at: performance.now(), bytes });
        return (stats?.p2pBytes ?? 0) + (stats?.httpBytes ?? 0) >= streamBytes;
      },
      300_000,
      "B to have the whole stream",
    );
    const statsB = await b.stats(tabB);
    const first = samples[0];
    const last = samples.at(-1);
    if (!statsB || !first || !last) throw new Error("no bytes from peers");
    // From the first report to the last: every byte between came paced by A's bucket.
    const rate = ((last.bytes - first.bytes) / (last.at - first.at)) * 1000;
    console.log(
      `B from peers: ${String(statsB.p2pBytes)} of ${String(streamBytes)} bytes (${String(statsB.httpBytes)} over HTTP),`,
      `${(rate / 1000).toFixed(1)} kB/s over ${((last.at - first.at) / 1000).toFixed(1)} s`,
      `= ${((100 * rate) / CAP_BYTES_PER_SECOND).toFixed(0)}% of the 125 kB/s cap`,
    );
    // Most of the stream came from A, over a window long enough to measure.
    expect(statsB.p2pBytes).toBeGreaterThan(streamBytes * 0.8);
    expect(last.at - first.at).toBeGreaterThan(10_000);
    expect(rate).toBeGreaterThan(CAP_BYTES_PER_SECOND * 0.8);
    expect(rate).toBeLessThan(CAP_BYTES_PER_SECOND * 1.2);
  }, 480_000);
});
