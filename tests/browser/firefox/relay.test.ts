/**
 * The relay in Firefox, driven from a page of an enabled site exactly as the page hook drives it
 * (window.postMessage envelopes, tests/browser/support/relay-page-calls.ts): the bytes of a
 * segment the page fetched itself reach the engine and come back as an ArrayBuffer over the
 * frame's port. Firefox hands a content script the page's objects behind wrappers, so the page's
 * ArrayBuffer failed the relay's schema until the relay cloned it into its own realm: every
 * hand-in was refused and segments the page fetched itself were never shared.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRelayPage } from "../support/firefox-viewers";
import type { Origin } from "../support/intercept-server";

const SIZE = 256 * 1024;

describe("Firefox: the relay between a page and the engine", () => {
  let origin: Origin;
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ origin, page, close } = await openRelayPage());
  }, 120_000);

  afterAll(() => close());

  it("takes a segment the page fetched itself and hands it back as an ArrayBuffer over the port", async () => {
    // The relay opens its port on the page's first request and tells the page when it is up.
    await page.evaluate(() =>
      window.__relay.ask({ type: "relay/load", swarmId: "s", segments: [] }),
    );
    await page.waitForFunction(() => window.__relay.portStates().at(-1) === true, {
      timeout: 60_000,
      polling: 200,
    });
    const url = `${origin.base}/data/firefox-put.bin`;
    const stored = await page.evaluate(
      ({ url, size }) => window.__relay.put("s", "seg-1", url, size),
      { url, size: SIZE },
    );
    expect(stored.put).toEqual({ ok: true, type: "stored" });
    const { answers } = await page.evaluate(() => window.__relay.timeGets("s", "seg-1", 1));
    expect(answers[0]).toEqual({
      ok: true,
      type: "segment",
      arrayBuffer: true,
      byteLength: SIZE,
      head: stored.head,
    });
    // Both went over the port: it came up once and never went down.
    expect(await page.evaluate(() => window.__relay.portStates())).toEqual([true]);
  }, 120_000);
});
