/**
 * What a frame's messages reach: `relay/stop` ends the sending frame's use of the engine only
 * (another site's player embedded in the same tab goes on), and the sites the extension acts for
 * follow the viewer's choice: "everywhere" mode serves any site, leaving it or withdrawing
 * consent ends the swarms of the sites no longer allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";
import { ExtensionDriver, type FakeFrame } from "../../../harness/browser/extension-driver";
import { STORAGE_KEYS } from "../../../messaging/stored-settings";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";

const SWARM = "scope-stream";
/** Another site's player, embedded in the same tab as the fixture's site. */
const EMBEDDED_SITE = "https://embedded.example";
/** A site the viewer never enabled one by one. */
const UNLISTED_SITE = "https://unlisted.example";

describe("each frame's messages act on that frame, for the sites the viewer allows", () => {
  let fixture: StreamFixture;
  let browser: ExtensionBrowser;
  let driver: ExtensionDriver;

  beforeAll(async () => {
    fixture = await startStreamFixture({ seconds: 8 });
    browser = await launchWithExtension(TEST_EXTENSION_DIR);
    driver = new ExtensionDriver(browser.worker);
    await driver.preset(fixture.settings, [fixture.site, EMBEDDED_SITE]);
  });

  afterAll(async () => {
    await browser.close();
    await fixture.close();
  });

  const swarmsOf = async (tabId: number) => {
    const status = await driver.engineStatus();
    if (!status.ok) throw new Error(status.error);
    return status.swarms.filter((swarm) => swarm.tabs.includes(tabId)).map((swarm) => swarm.site);
  };

  it("relay/stop from the top frame leaves the embedded frame's swarm running", async () => {
    const top: FakeFrame = { tabId: 11, frameId: 0, origin: fixture.site };
    const embedded: FakeFrame = { tabId: 11, frameId: 7, origin: EMBEDDED_SITE };
    const load = { type: "relay/load", swarmId: SWARM, segments: fixture.queue.slice(0, 1) };
    expect(await driver.relay(load, top)).toEqual({ ok: true, type: "loaded" });
    expect(await driver.relay(load, embedded)).toEqual({ ok: true, type: "loaded" });
    expect((await swarmsOf(11)).sort()).toEqual([EMBEDDED_SITE, fixture.site].sort());

    expect(await driver.relay({ type: "relay/stop" }, top)).toEqual({
      ok: true,
      type: "stopped",
    });
    expect(await swarmsOf(11)).toEqual([EMBEDDED_SITE]);
    expect((await driver.state()).tabs).toContain(11);

    // The embedded frame's own stop ends the tab's use of the engine.
    await driver.relay({ type: "relay/stop" }, embedded);
    expect(await swarmsOf(11)).toEqual([]);
    expect((await driver.state()).tabs).not.toContain(11);
  });

  it('serves any site in "everywhere" mode, and ends its swarms when the mode is left', async () => {
    const frame: FakeFrame = { tabId: 12, frameId: 0, origin: UNLISTED_SITE };
    const load = { type: "relay/load", swarmId: SWARM, segments: fixture.queue.slice(0, 1) };
    expect(await driver.relay(load, frame)).toEqual({
      ok: false,
      refusal: "site-not-enabled",
      detail: UNLISTED_SITE,
    });

    await driver.store({ [STORAGE_KEYS.mode]: "everywhere" });
    expect(await driver.relay(load, frame)).toEqual({ ok: true, type: "loaded" });
    expect(await swarmsOf(12)).toEqual([UNLISTED_SITE]);

    await driver.store({ [STORAGE_KEYS.mode]: "per-site" });
    await expect.poll(() => swarmsOf(12), { timeout: 10_000 }).toEqual([]);
    expect(await driver.relay(load, frame)).toMatchObject({ refusal: "site-not-enabled" });
  });

  it("refuses every site once consent is withdrawn, and ends their swarms", async () => {
    const frame: FakeFrame = { tabId: 13, frameId: 0, origin: fixture.site };
    const load = { type: "relay/load", swarmId: SWARM, segments: fixture.queue.slice(0, 1) };
    expect(await driver.relay(load, frame)).toEqual({ ok: true, type: "loaded" });

    await driver.store({ [STORAGE_KEYS.consent]: undefined });
    await expect.poll(() => swarmsOf(13), { timeout: 10_000 }).toEqual([]);
    expect(await driver.relay(load, frame)).toMatchObject({ refusal: "site-not-enabled" });
  });
});
