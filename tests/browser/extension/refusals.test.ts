/**
 * What the background refuses: pages on sites the user has not enabled, messages that try to
 * name a site, senders that are not web page frames (a real extension page, as the browser
 * describes it), and reads of another site's swarm, which look in the reader's own swarm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";
import { ExtensionDriver, type FakeFrame } from "../../../harness/browser/extension-driver";
import { PageFrame } from "../../../harness/browser/page-frame";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";

const SWARM = "refusals-stream";
const OTHER_SITE = "https://other.example";
const DISABLED_SITE = "https://not-enabled.example";
/** A public http site: only the private-address rule stands between it and a loopback URL. */
const PUBLIC_HTTP_SITE = "http://public.example";

describe("the background refuses what it must", () => {
  let fixture: StreamFixture;
  let browser: ExtensionBrowser;
  let driver: ExtensionDriver;
  let frame: FakeFrame;

  beforeAll(async () => {
    fixture = await startStreamFixture({ seconds: 16 });
    browser = await launchWithExtension(TEST_EXTENSION_DIR);
    driver = new ExtensionDriver(browser.worker);
    frame = { tabId: 3, frameId: 0, origin: fixture.site };
    await driver.preset(fixture.settings, [fixture.site, OTHER_SITE, PUBLIC_HTTP_SITE]);
  });

  afterAll(async () => {
    await browser.close();
    await fixture.close();
  });

  it("refuses a site the user has not enabled, without starting the engine", async () => {
    const reply = await driver.relay(
      { type: "relay/load", swarmId: SWARM, segments: fixture.queue },
      { tabId: 4, frameId: 0, origin: DISABLED_SITE },
    );
    expect(reply).toEqual({ ok: false, refusal: "site-not-enabled", detail: DISABLED_SITE });
    expect(await driver.offscreenDocuments()).toEqual([]);
  });

  it("refuses a message that names a site, whatever the site", async () => {
    for (const site of [fixture.site, DISABLED_SITE]) {
      const reply = await driver.relay(
        { type: "relay/get-segment", swarmId: SWARM, segmentId: "seg_000.ts", site },
        { tabId: 4, frameId: 0, origin: DISABLED_SITE },
      );
      expect(reply).toMatchObject({ ok: false, refusal: "invalid-message" });
    }
    expect(await driver.offscreenDocuments()).toEqual([]);
  });

  it("refuses relay messages from an extension page, as the browser describes its sender", async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const reply = await page.evaluate(
      (message) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
          }
        ).chrome.runtime.sendMessage(message),
      { type: "relay/load", swarmId: SWARM, segments: fixture.queue },
    );
    expect(reply).toMatchObject({ ok: false, refusal: "no-site" });
    await page.close();
  });

  it("refuses settings changes and the cache's messages from a web page frame", async () => {
    for (const message of [
      { type: "ui/set-site", site: DISABLED_SITE, enabled: true },
      { type: "ui/get-cache" },
      { type: "ui/clear-cache" },
    ])
      expect(await driver.relay(message, frame)).toEqual({
        ok: false,
        error: "not an extension page",
      });
  });

  it("will not fetch a private address for a public site", async () => {
    const other: FakeFrame = { tabId: 6, frameId: 0, origin: PUBLIC_HTTP_SITE };
    const before = fixture.origin.requests();
    // Nothing else downloads yet, so any request the origin sees would be this site's.
    await driver.relay(
      { type: "relay/load", swarmId: "private", segments: fixture.queue.slice(0, 2) },
      other,
    );
    const reply = await driver.relay(
      {
        type: "relay/get-segment",
        swarmId: "private",
        segmentId: fixture.queue[0]?.id ?? "",
        waitMs: 1500,
      },
      other,
    );
    expect(reply).toEqual({ ok: true, type: "miss" });
    expect(fixture.origin.requests()).toBe(before);
  });

  it("keeps each site's swarm and cache to itself", async () => {
    const first = fixture.queue[0];
    if (!first) throw new Error("empty stream");
    // A real page of the site: the engine downloads through it.
    await driver.waitForPageScripts(`${fixture.site}/*`);
    const page = await PageFrame.open(browser.context, fixture.site);
    expect(
      await page.relay({ type: "relay/load", swarmId: SWARM, segments: fixture.queue }),
    ).toEqual({ ok: true, type: "loaded" });
    const own = await page.relay({
      type: "relay/get-segment",
      swarmId: SWARM,
      segmentId: first.id,
      waitMs: 15_000,
    });
    expect(own).toMatchObject({ ok: true, type: "segment" });

    // Another enabled site asks for the same swarm id and segment: it has its own (empty) swarm.
    const other: FakeFrame = { tabId: 5, frameId: 0, origin: OTHER_SITE };
    const stolen = await driver.relay(
      { type: "relay/get-segment", swarmId: SWARM, segmentId: first.id, waitMs: 500 },
      other,
    );
    expect(stolen).toEqual({ ok: true, type: "miss" });
    // And it cannot hand bytes into the first site's swarm either: it never loaded it.
    const put = await driver.relay(
      {
        type: "relay/put-segment",
        swarmId: SWARM,
        segmentId: first.id,
        url: first.url,
        bytes: { base64: Buffer.from("forged").toString("base64") },
      },
      other,
    );
    expect(put).toMatchObject({ ok: false, refusal: "engine-error" });
    const again = await page.relay({
      type: "relay/get-segment",
      swarmId: SWARM,
      segmentId: first.id,
    });
    expect(again).toEqual(own);
    await page.close();
  });
});
