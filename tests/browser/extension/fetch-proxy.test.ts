/**
 * A hostile page on an enabled site tries to use the engine as a fetch proxy: it queues URLs it
 * cannot read itself (another origin's service without CORS, the same through a redirect from a
 * server that allows CORS, a private address written as IPv4-mapped IPv6) and asks for the
 * bytes. The engine downloads only through the page's own network stack, so it can read no more
 * than the page: every answer is a miss, and the secret never reaches the page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { PageFrame } from "../../../harness/browser/page-frame";
import { startSecretServers, type SecretServers } from "../support/secret-servers";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";

describe("the engine is no fetch proxy", () => {
  let fixture: StreamFixture;
  let browser: ExtensionBrowser;
  let driver: ExtensionDriver;
  let servers: SecretServers;
  let page: PageFrame;

  beforeAll(async () => {
    fixture = await startStreamFixture({ seconds: 4 });
    servers = await startSecretServers();
    browser = await launchWithExtension(TEST_EXTENSION_DIR);
    driver = new ExtensionDriver(browser.worker);
    // Every HTTP download starts at once: a page needs nothing more to make the engine fetch.
    await driver.preset({ ...fixture.settings, httpDownloadInitialTimeout: 0 }, [fixture.site]);
    await driver.waitForPageScripts(`${fixture.site}/*`);
    page = await PageFrame.open(browser.context, fixture.site);
  });

  afterAll(async () => {
    await browser.close();
    await fixture.close();
    servers.close();
  });

  it("the page cannot read the secret itself", async () => {
    const read = await page.page.evaluate(async (url) => {
      try {
        return await (await fetch(url)).text();
      } catch (error) {
        return `failed: ${String(error)}`;
      }
    }, servers.secret);
    expect(read).toMatch(/^failed/);
  });

  it("gets nothing through the engine: not directly, not through a redirect, not IPv4-mapped", async () => {
    const mapped = servers.secret.replace("127.0.0.1", "[::ffff:127.0.0.1]");
    const urls = [servers.secret, servers.redirect, mapped];
    for (const [index, url] of urls.entries()) {
      const swarmId = `proxy-${String(index)}`;
      const segment = { id: "s1", url, priority: 0 };
      expect(await page.relay({ type: "relay/load", swarmId, segments: [segment] })).toEqual({
        ok: true,
        type: "loaded",
      });
      const reply = await page.relay({
        type: "relay/get-segment",
        swarmId,
        segmentId: "s1",
        waitMs: 5000,
      });
      expect(reply, url).toEqual({ ok: true, type: "miss" });
    }
    // And the engine did order the fetches (so the misses are the browser's rules at work).
    const status = await driver.engineStatus();
    if (!status.ok) throw new Error(status.error);
    expect(status.fastPath.fetches).toBeGreaterThanOrEqual(2);
  });
});
