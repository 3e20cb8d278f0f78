/**
 * Firefox: a hostile page on an enabled site tries to use the engine as a fetch proxy, as in
 * tests/browser/extension/fetch-proxy.test.ts. Firefox gives content scripts the extension's own
 * fetch, which may read what the page may not; the relay therefore fetches with the page window's
 * (content/page-fetch.ts). Every answer is a miss, and every request that reached the secret
 * service came as a page's request (the site's Origin, or "null" after the cross-origin redirect),
 * never as the extension's.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRelayPage } from "../support/firefox-viewers";
import type { Origin } from "../support/intercept-server";
import { SECRET, startSecretServers, type SecretServers } from "../support/secret-servers";

describe("Firefox: the engine is no fetch proxy", () => {
  let origin: Origin;
  let page: Page;
  let close: () => Promise<void>;
  let servers: SecretServers;

  beforeAll(async () => {
    servers = await startSecretServers();
    // Every HTTP download starts at once: a page needs nothing more to make the engine fetch.
    ({ origin, page, close } = await openRelayPage({ httpDownloadInitialTimeout: 0 }));
  }, 120_000);

  afterAll(async () => {
    await close();
    servers.close();
  });

  it("the page cannot read the secret itself", async () => {
    const read = await page.evaluate(async (url) => {
      try {
        return await (await fetch(url)).text();
      } catch (error) {
        return `failed: ${String(error)}`;
      }
    }, servers.secret);
    expect(read).toMatch(/^failed/);
  });

  it("gets nothing through the engine, which fetched only as the page", async () => {
    servers.origins.length = 0;
    const mapped = servers.secret.replace("127.0.0.1", "[::ffff:127.0.0.1]");
    for (const [index, url] of [servers.secret, servers.redirect, mapped].entries()) {
      const swarmId = `proxy-${String(index)}`;
      const load = await page.evaluate((message) => window.__relay.ask(message), {
        type: "relay/load",
        swarmId,
        segments: [{ id: "s1", url, priority: 0 }],
      });
      expect(load).toEqual({ ok: true, type: "loaded" });
      const reply = await page.evaluate((message) => window.__relay.ask(message, 30_000), {
        type: "relay/get-segment",
        swarmId,
        segmentId: "s1",
        waitMs: 5000,
      });
      expect(reply, url).toEqual({ ok: true, type: "miss" });
    }
    // The engine did order the fetches (so the misses are the browser's rules at work), and
    // each reached the service as the page's own request.
    expect(servers.origins.length).toBeGreaterThanOrEqual(2);
    for (const seen of servers.origins) expect([origin.base, "null"]).toContain(seen);
    expect(await page.content()).not.toContain(SECRET);
  }, 120_000);
});
