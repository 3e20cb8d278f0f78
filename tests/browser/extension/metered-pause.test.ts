/**
 * "Pause uploads on metered connections" (pauseUploadsOnMetered), measured at the peer that would
 * receive. Two Chromium profiles with the extension over real WebRTC in one private network
 * namespace, a local tracker and origin. Browser A's engine document is told over the DevTools
 * protocol that its connection is cellular, then given the real one back
 * (support/engine-connection.ts; A runs with the flag that shows desktop Chromium
 * `navigator.connection.type`, as Chrome on ChromeOS and Android shows it).
 *
 * Each phase has a swarm of its own: A first holds the whole stream over HTTP, then B plays it
 * (its queue moving on segment by segment, as a player's does), trying peers first
 * (B_PEERS_FIRST_MS), then the origin.
 * - Pause on, cellular: A refuses every request. B, connected to A, gets 0 bytes from it and the
 *   whole stream from the origin, intact; A's popup says its uploads are paused.
 * - Pause on, the real connection again: B gets bytes from A.
 * - Control: the pause switched off on A's options page, cellular again: B gets bytes from A.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import type { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { BLANK_PAGE_PATH } from "../../../harness/browser/page-frame";
import { sha256 } from "../../../harness/wait";
import type { EngineReplies } from "../../../messaging/background-to-engine";
import { landBytes } from "../../../messaging/bytes";
import { ZERO_COUNTS, type ByteCounts } from "../../../messaging/lifetime-totals";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
import {
  attachEngineConnection,
  CONNECTION_TYPE_ARGS,
  type EngineConnection,
} from "../support/engine-connection";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";
import { launchTwoBrowsers, openViewers, type Viewer } from "../support/two-viewers";
import { waitFor } from "../support/wait-for";
import { readStorage } from "../ui/ui-support";

/**
 * How long B asks only peers for a new swarm (httpDownloadInitialTimeout) before the origin: long
 * enough for B to connect to A on a loaded machine, so bytes from A are not lost to a race, and
 * what the paused phase waits before B turns to the origin.
 */
const B_PEERS_FIRST_MS = 30_000;
/** The popup's words for the pause (locales/en/messages.json, statusUploadsPaused). */
const PAUSED_LINE = "Not uploading to them: the connection is metered.";

/** What one phase measured, each count over the phase alone. */
interface PhaseFigures {
  /** Bytes B's engine got from peers (A is B's only peer). */
  bFromPeers: number;
  bOverHttp: number;
  /** Bytes A's engine uploaded to peers. */
  aUploaded: number;
  /** Segment bytes the origin served (A's copy, and whatever B fetched there). */
  originSegmentBytes: number;
  /** The most peers B's engine had in the phase's swarm at once. */
  bMostPeers: number;
  seconds: number;
}

describe("pause uploads on metered connections, between two browsers", () => {
  let fixture: StreamFixture;
  let browsers: ExtensionBrowser[] = [];
  let viewerA: Viewer;
  let viewerB: Viewer;
  /** A's engine document's connection (connectionOfA); the session ends with the browser. */
  let connectionA: EngineConnection | undefined;
  /** A's engine run the emulation lives in: another means the document was opened again. */
  let engineRunA = 0;
  let streamBytes = 0;

  const status = async (driver: ExtensionDriver): Promise<EngineReplies["engine/status"]> => {
    const reply = await driver.engineStatus();
    if (!reply.ok) throw new Error(reply.error);
    return reply;
  };
  /** This engine run's counts for the fixture's site (they only grow). */
  const counts = async (driver: ExtensionDriver): Promise<ByteCounts> =>
    (await status(driver)).totals.sites.find((site) => site.site === fixture.site) ?? ZERO_COUNTS;
  const originSegmentBytes = () =>
    fixture.origin.servedBytes() - (fixture.origin.servedBytesByPath().get(BLANK_PAGE_PATH) ?? 0);
  const waitForPaused = (paused: boolean) =>
    waitFor(
      async () => (await status(viewerA.driver)).uploadsPaused === paused,
      30_000,
      `A's engine to report uploadsPaused ${String(paused)}`,
    );
  const browserA = (): ExtensionBrowser => {
    const [browser] = browsers;
    if (!browser) throw new Error("no browser A");
    return browser;
  };
  /**
   * A's engine document's connection, attached the first time, once A's frame has loaded: the
   * background closes an engine nobody loaded in, and the emulation goes with its document.
   */
  const connectionOfA = async (): Promise<EngineConnection> => {
    if (connectionA) return connectionA;
    connectionA = await attachEngineConnection(browserA());
    engineRunA = (await status(viewerA.driver)).startedAt;
    return connectionA;
  };
  /**
   * A's popup for its page's tab, as the viewer opens it from the toolbar: within 30 s its status
   * line says uploads are paused, or does not (the popup polls the tab's stats every second).
   */
  async function expectPopupSaysPausedA(paused: boolean): Promise<void> {
    const popup = await browserA().context.newPage();
    try {
      await popup.goto(
        `chrome-extension://${browserA().extensionId}/popup.html?tabId=${String(viewerA.tabId)}`,
        { timeout: 30_000 },
      );
      const line = popup.locator('[data-status="sharing"]');
      const text = expect.poll(() => line.innerText({ timeout: 5_000 }), { timeout: 30_000 });
      await (paused ? text.toContain(PAUSED_LINE) : text.not.toContain(PAUSED_LINE));
    } finally {
      await popup.close();
    }
  }

  /** The most peers B's engine has had in `swarmId` so far, `most` included. */
  const mostPeersB = async (swarmId: string, most: number): Promise<number> => {
    const swarm = (await status(viewerB.driver)).swarms.find((entry) => entry.swarmId === swarmId);
    return Math.max(most, swarm?.peers ?? 0);
  };

  /**
   * B plays `swarmId` from start to end as its page's player does: the queue from the playing
   * segment on (priority 0 is the one needed now), then that segment through the page's relay,
   * asked again after each 30 s "miss" (the relay's longest wait), equal to the origin's file.
   * Returns the most peers B had in the swarm meanwhile.
   */
  async function playB(swarmId: string): Promise<number> {
    let mostPeers = 0;
    for (const [index, segment] of fixture.queue.entries()) {
      const ahead = fixture.queue.slice(index).map((entry, priority) => ({ ...entry, priority }));
      const load = { type: "relay/load", swarmId, segments: ahead };
      expect(await viewerB.frame.relay(load)).toMatchObject({ ok: true });
      const asked = performance.now();
      for (;;) {
        mostPeers = await mostPeersB(swarmId, mostPeers);
        const get = { type: "relay/get-segment", swarmId, segmentId: segment.id, waitMs: 30_000 };
        const reply = await viewerB.frame.relay(get, 60_000);
        if (reply.ok && reply.type === "segment") {
          expect(sha256(Buffer.from(landBytes(reply.bytes))), segment.id).toBe(
            fixture.stream.segments[index]?.sha256,
          );
          break;
        }
        if (!(reply.ok && reply.type === "miss") || performance.now() - asked > 180_000)
          throw new Error(`B playing ${segment.id}: ${JSON.stringify(reply)}`);
      }
    }
    return mostPeersB(swarmId, mostPeers);
  }

  /**
   * A holds `swarmId`'s whole stream over HTTP; then `beforeB` runs, B plays the stream to the
   * end, and `afterB` runs. Both queues are emptied afterwards (each frame may keep 4 swarms,
   * idle ones leave first).
   */
  async function runPhase(
    swarmId: string,
    steps: { beforeB?: () => Promise<void>; afterB?: () => Promise<void> } = {},
  ): Promise<PhaseFigures> {
    const start = performance.now();
    const [a0, b0] = [await counts(viewerA.driver), await counts(viewerB.driver)];
    const origin0 = originSegmentBytes();
    const load = { type: "relay/load", swarmId, segments: fixture.queue };
    expect(await viewerA.frame.relay(load)).toMatchObject({ ok: true });
    await waitFor(
      async () => (await counts(viewerA.driver)).httpBytes - a0.httpBytes >= streamBytes,
      120_000,
      `A's engine to hold ${swarmId} over HTTP`,
    );
    await steps.beforeB?.();
    const bMostPeers = await playB(swarmId);

    const [a1, b1] = [await counts(viewerA.driver), await counts(viewerB.driver)];
    const figures: PhaseFigures = {
      bFromPeers: b1.p2pBytes - b0.p2pBytes,
      bOverHttp: b1.httpBytes - b0.httpBytes,
      aUploaded: a1.uploadedBytes - a0.uploadedBytes,
      originSegmentBytes: originSegmentBytes() - origin0,
      bMostPeers,
      seconds: Math.round((performance.now() - start) / 100) / 10,
    };
    console.log(`${swarmId} (stream ${String(streamBytes)} bytes):`, JSON.stringify(figures));
    await steps.afterB?.();
    expect((await status(viewerA.driver)).startedAt, "A's engine document was replaced").toBe(
      engineRunA,
    );
    for (const viewer of [viewerA, viewerB])
      await viewer.frame.relay({ type: "relay/load", swarmId, segments: [] });
    return figures;
  }

  beforeAll(async () => {
    // 10 s at 1200 kbit/s: 5 segments, about 1.5 MB.
    fixture = await startStreamFixture({ seconds: 10 });
    streamBytes = fixture.stream.segments.reduce((sum, segment) => sum + segment.bytes, 0);
    browsers = await launchTwoBrowsers([{ args: CONNECTION_TYPE_ARGS }]);
    // A with the default pause on; B asks peers first, so what it gets from A is not a race.
    const [a, b] = await openViewers(browsers, fixture, [
      { ...fixture.settings, pauseUploadsOnMetered: true },
      { ...fixture.settings, httpDownloadInitialTimeout: B_PEERS_FIRST_MS },
    ]);
    if (!a || !b) throw new Error("two viewers expected");
    [viewerA, viewerB] = [a, b];
  }, 180_000);

  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await fixture.close();
  }, 60_000);

  it("uploads nothing while A's connection is cellular, and again once it is not", async () => {
    const paused = await runPhase("metered-paused", {
      beforeB: async () => {
        const connection = await connectionOfA();
        // The real connection first: a type (the flag works), not cellular, not paused.
        const real = await connection.read();
        expect(real.type).toBeDefined();
        expect(real.type).not.toBe("cellular");
        expect((await status(viewerA.driver)).uploadsPaused).toBe(false);
        await connection.setCellular();
        expect(await connection.read()).toMatchObject({ type: "cellular" });
        await waitForPaused(true);
      },
      // What the popup shows for A's tab (its stats carry the engine's pause).
      afterB: () => expectPopupSaysPausedA(true),
    });
    // B met A in the swarm, yet got nothing from it: the whole stream came from the origin.
    expect(paused.bMostPeers).toBeGreaterThanOrEqual(1);
    expect(paused.bFromPeers).toBe(0);
    expect(paused.aUploaded).toBe(0);
    expect(paused.bOverHttp).toBeGreaterThanOrEqual(streamBytes);
    expect(paused.originSegmentBytes).toBeGreaterThanOrEqual(2 * streamBytes);

    const resumed = await runPhase("metered-resumed", {
      beforeB: async () => {
        const connection = await connectionOfA();
        await connection.clear();
        expect((await connection.read()).type).not.toBe("cellular");
        await waitForPaused(false);
      },
      afterB: () => expectPopupSaysPausedA(false),
    });
    expect(resumed.bFromPeers).toBeGreaterThan(0);
    expect(resumed.aUploaded).toBeGreaterThan(0);
  }, 600_000);

  it("control: with the pause off, A uploads to B on the same cellular connection", async () => {
    // Switched off as the viewer does it, on A's options page.
    const options = await browserA().context.newPage();
    await options.goto(`chrome-extension://${browserA().extensionId}/options.html`, {
      timeout: 30_000,
    });
    const pause = options.locator('[data-setting="pauseUploadsOnMetered"] input').first();
    await pause.waitFor({ timeout: 30_000 });
    expect(await pause.isChecked({ timeout: 30_000 })).toBe(true);
    await pause.uncheck({ timeout: 30_000 });
    await options.getByRole("button", { name: "Save", exact: true }).click({ timeout: 30_000 });
    await options.getByText("Saved.").waitFor({ timeout: 30_000 });
    await options.close();
    const stored = await readStorage(browserA().worker, STORAGE_KEYS.settings);
    // Saved without the test's tracker lost (A must still find B).
    expect(stored).toMatchObject({
      pauseUploadsOnMetered: false,
      trackerAnnounce: fixture.settings.trackerAnnounce,
    });

    const control = await runPhase("metered-control", {
      beforeB: async () => {
        const connection = await connectionOfA();
        await connection.setCellular();
        expect(await connection.read()).toMatchObject({ type: "cellular" });
      },
      // The engine saw the cellular connection all along and still uploads.
      afterB: async () => {
        expect(await (await connectionOfA()).read()).toMatchObject({ type: "cellular" });
        expect((await status(viewerA.driver)).uploadsPaused).toBe(false);
        await expectPopupSaysPausedA(false);
      },
    });
    expect(control.bFromPeers).toBeGreaterThan(0);
    expect(control.aUploaded).toBeGreaterThan(0);
    await (await connectionOfA()).clear();
  }, 600_000);
});
