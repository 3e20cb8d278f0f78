/**
 * The built extension in Chromium: it loads, its service worker starts, the offscreen engine is
 * created on the first request and closed when no tab uses it, and an engine that dies mid-way
 * is noticed and recreated (with the tabs' queues replayed) on the next request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256, sleep } from "../../../harness/wait";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { BLANK_PAGE_PATH, PageFrame } from "../../../harness/browser/page-frame";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";
import { waitFor } from "../support/wait-for";
import { landBytes } from "../../../messaging/bytes";

const SWARM = "lifecycle-stream";

describe("extension lifecycle (Chromium)", () => {
  let fixture: StreamFixture;
  let browser: ExtensionBrowser;
  let driver: ExtensionDriver;
  /** A real page of the site: the engine downloads through it. */
  let frame: PageFrame;
  let tabId: number;

  beforeAll(async () => {
    // A slow origin (about 1.5 s per segment), so a download is under way when the engine dies.
    fixture = await startStreamFixture({ seconds: 16, bytesPerSecond: 200_000 });
    browser = await launchWithExtension(TEST_EXTENSION_DIR);
    driver = new ExtensionDriver(browser.worker);
    await driver.preset(fixture.settings, [fixture.site]);
    await driver.waitForPageScripts(`${fixture.site}/*`);
    frame = await PageFrame.open(browser.context, fixture.site);
    tabId = await driver.tabIdOf(`${fixture.site}${BLANK_PAGE_PATH}`);
  });

  afterAll(async () => {
    await browser.close();
    await fixture.close();
  });

  it("loads the extension and starts its service worker with the offscreen permission", async () => {
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    const manifest = await browser.worker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { runtime: { getManifest(): unknown } } }
      ).chrome.runtime.getManifest(),
    );
    expect(manifest).toMatchObject({
      manifest_version: 3,
      permissions: expect.arrayContaining(["offscreen", "storage"]) as unknown,
    });
    expect(await driver.offscreenDocuments()).toEqual([]);
    expect(await driver.state()).toMatchObject({ running: false, starts: 0 });
  });

  it("creates the offscreen engine on the first request and runs a loader in it", async () => {
    const reply = await frame.relay({
      type: "relay/load",
      swarmId: SWARM,
      segments: fixture.queue,
    });
    expect(reply).toEqual({ ok: true, type: "loaded" });
    const documents = await driver.offscreenDocuments();
    expect(documents).toEqual([`chrome-extension://${browser.extensionId}/offscreen.html`]);
    const status = await driver.engineStatus();
    expect(status).toMatchObject({
      ok: true,
      swarms: [{ site: fixture.site, swarmId: SWARM, tabs: [tabId], queued: fixture.queue.length }],
    });
    expect(await driver.state()).toMatchObject({ running: true, starts: 1, unexpectedStops: 0 });
  });

  it("notices an engine killed mid-download and recreates it on the next request", async () => {
    const first = fixture.queue[0];
    if (!first) throw new Error("empty stream");
    await waitFor(
      () => fixture.origin.servedBytes() > 50_000,
      10_000,
      "the first download to start",
    );
    await driver.killEngineDocument();
    await waitFor(
      async () => (await driver.state()).unexpectedStops === 1,
      5000,
      "the background to notice",
    );
    expect(await driver.state()).toMatchObject({ running: false, starts: 1 });
    expect(await driver.offscreenDocuments()).toEqual([]);

    // The next request starts a new engine, which gets the tab's queue again and downloads.
    const reply = await frame.relay({
      type: "relay/get-segment",
      swarmId: SWARM,
      segmentId: first.id,
      waitMs: 20_000,
    });
    expect(await driver.state()).toMatchObject({ running: true, starts: 2, unexpectedStops: 1 });
    if (!reply.ok || reply.type !== "segment")
      throw new Error(`expected bytes, got ${JSON.stringify(reply)}`);
    expect(sha256(Buffer.from(landBytes(reply.bytes)))).toBe(fixture.stream.segments[0]?.sha256);
  });

  it("closes the offscreen document when no tab uses the engine", async () => {
    expect(await frame.relay({ type: "relay/stop" })).toEqual({ ok: true, type: "stopped" });
    await waitFor(
      async () => (await driver.offscreenDocuments()).length === 0,
      8000,
      "the document to close",
    );
    await sleep(300);
    expect(await driver.state()).toMatchObject({ running: false, unexpectedStops: 1, tabs: [] });
  });
});
