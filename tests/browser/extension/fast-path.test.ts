/**
 * The fast path for segment bytes (page relay <-> engine over a MessagePort bound to the frame's
 * site by the background): once up it carries every segment a playing hls.js page asks for; it
 * comes back after the engine is closed behind the background's back (the relay falls back to
 * runtime messages meanwhile, and playback goes on); and a port answers only for the site it
 * was bound to: another site's page, a forged token or a hand-made bridge iframe reach nothing.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { FastPathDriver, type RelayCounts } from "../support/fast-path-driver";
import { bundle } from "../support/intercept-browser";
import type { PlayResult } from "../support/intercept-players";
import { startOrigin, type Origin } from "../support/intercept-server";
import { waitFor } from "../support/wait-for";

/** How long a state change may take on a loaded 2-core machine (waits poll, so a pass is fast). */
const WAIT_MS = 30_000;

describe("the fast path (Chromium)", () => {
  let stream: HlsStream;
  let siteA: Origin;
  let siteB: Origin;
  let tracker: LocalTracker;
  let browser: ExtensionBrowser;
  let driver: ExtensionDriver;
  let fast: FastPathDriver;

  beforeAll(async () => {
    stream = await makeHlsVod({ seconds: 16, segmentSeconds: 2, bitrate: "800k", size: "640x360" });
    const bundles = {
      "/hook.js": await bundle("relay-page-calls.ts"),
      "/players.js": await bundle("intercept-players.ts"),
    };
    siteA = await startOrigin({ bundles, streams: { vod: stream.dir } });
    siteB = await startOrigin({ bundles, streams: { vod: stream.dir } });
    tracker = await startTracker();
    browser = await launchWithExtension(TEST_EXTENSION_DIR);
    driver = new ExtensionDriver(browser.worker);
    fast = new FastPathDriver(browser.worker);
    await driver.preset({ trackerAnnounce: [tracker.url], rtcConfig: { iceServers: [] } }, [
      siteA.base,
      siteB.base,
    ]);
    await driver.waitForPageScripts(`${siteA.base}/*`);
    await driver.waitForPageScripts(`${siteB.base}/*`);
  });

  afterAll(async () => {
    await browser.close();
    await siteA.close();
    await siteB.close();
    await tracker.close();
  });

  async function open(site: Origin, path: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on("pageerror", (error) => {
      console.error(`page error: ${error.message}`);
    });
    await page.goto(`${site.base}${path}`);
    return page;
  }

  const play = (page: Page, site: Origin) =>
    page.evaluate(
      (url) => window.__players.hls(url, false, 60_000),
      `${site.base}/streams/vod/index.m3u8`,
    );

  function expectPlayedWell(result: PlayResult): void {
    const fatal = result.errors.filter((error) => error.split(":")[2] !== "false");
    expect(fatal).toEqual([]);
    expect(result.ended).toBe(true);
    expect(result.segments.length).toBeGreaterThanOrEqual(stream.segments.length);
    const hashes = new Map(stream.segments.map((segment) => [segment.uri, segment.sha256]));
    for (const segment of result.segments) {
      const name = new URL(segment.url).pathname.split("/").pop() ?? "";
      expect(segment.sha256, name).toBe(hashes.get(name));
    }
  }

  /** Waits until the service worker has handed `count` more ports to the engine. */
  async function whenRedeemed(before: RelayCounts, count: number): Promise<void> {
    await waitFor(
      async () => (await fast.relayCounts()).tokens.redeemed >= before.tokens.redeemed + count,
      WAIT_MS,
      `${String(count)} fast-path port(s) bound`,
    );
  }

  it("carries every segment a playing hls.js page asks the engine for once its port is up", async () => {
    const page = await open(siteA, "/players.html");
    // The port opens at the page's first relay request (as the hook's engine start does) and is
    // up once the relay has told the page so: from then on nothing takes the runtime route.
    // Playing first would make the count depend on speed: on a loaded machine hls.js asks for
    // the whole 16 s stream before the port is up, and those requests rightly fall back.
    const start = await fast.relayCounts();
    await page.evaluate(() =>
      window.__relay.ask({ type: "relay/load", swarmId: "warm-up", segments: [] }),
    );
    await whenRedeemed(start, 1);
    await waitFor(
      async () => (await page.evaluate(() => window.__relay.portStates())).at(-1) === true,
      WAIT_MS,
      "the relay to say its port is up",
    );
    const before = await fast.relayCounts();
    const result = await play(page, siteA);
    expectPlayedWell(result);
    const engine = await fast.engineCounters();
    const relay = await fast.relayCounts();
    console.log("fast path", engine, "fallback", relay.fallback, "tokens", relay.tokens);
    expect(engine?.bound).toBe(1);
    expect(relay.fallback).toEqual(before.fallback);
    // With the engine ready the hook asks it for every segment (none is fetched straight away),
    // and the answers came over the port.
    expect(engine?.gets ?? 0).toBeGreaterThanOrEqual(stream.segments.length);
    expect(engine?.hits ?? 0).toBeGreaterThan(0);
    await page.close();
  });

  it("falls back when the engine is closed, plays on, and the fast path comes back", async () => {
    // No page uses the engine since the last test's closed: it closes, and this page starts one.
    await waitFor(async () => !(await driver.state()).running, WAIT_MS, "the idle engine to close");
    const before = await driver.state();
    const page = await open(siteB, "/players.html");
    const start = await fast.relayCounts();
    const ask = (message: Record<string, unknown>) =>
      page.evaluate((message) => window.__relay.ask(message), message);
    const getS = () => ask({ type: "relay/get-segment", swarmId: "restart", segmentId: "s" });
    /** The first bytes of the segment put below. */
    let restartHead: number[] = [];
    // The background counts a port redeemed before its "bound" reaches the relay, so the first
    // request after it may still take the runtime route: the port is back once one does not.
    const untilFastGet = () =>
      waitFor(
        async () => {
          const counts = await fast.relayCounts();
          const answer = await getS();
          expect(answer).toMatchObject({ ok: true, type: "segment", head: restartHead });
          return (await fast.relayCounts()).fallback.gets === counts.fallback.gets;
        },
        WAIT_MS,
        "a segment over the new port",
      );

    // 1. The engine is closed behind the background's back while hls.js plays: it plays on.
    const playing = play(page, siteB);
    await whenRedeemed(start, 1);
    // Killed once it runs (its Port connected); a document killed before that is a failed start.
    await waitFor(async () => (await driver.state()).running, WAIT_MS, "the engine to run");
    await driver.killEngineDocument();
    expectPlayedWell(await playing);
    await waitFor(
      async () => (await driver.state()).unexpectedStops === before.unexpectedStops + 1,
      WAIT_MS,
      "the background to notice the engine is gone",
    );
    // The relay learns that its port is dead from the next segment request (no ack): that one
    // takes the runtime route; the request after it opens a port to the new engine.
    expect(await getS()).toMatchObject({ ok: true });
    await ask({ type: "relay/load", swarmId: "restart", segments: [] });
    await whenRedeemed(start, 2);
    const stored = await page.evaluate(
      (url) => window.__relay.put("restart", "s", url, 256 * 1024),
      `${siteB.base}/data/restart.bin`,
    );
    expect(stored.put).toEqual({ ok: true, type: "stored" });
    restartHead = stored.head;
    const back = await fast.relayCounts();
    expect(await getS()).toMatchObject({ ok: true, type: "segment", head: restartHead });
    expect((await fast.relayCounts()).fallback).toEqual(back.fallback);

    // 2. Closed again while the page is idle: the port is dead (no ack), so the next request
    // takes the runtime route, which starts an engine; the request after opens a new port.
    await driver.killEngineDocument();
    await waitFor(
      async () => (await driver.state()).unexpectedStops === before.unexpectedStops + 2,
      WAIT_MS,
      "the background to notice the second stop",
    );
    const dead = await fast.relayCounts();
    expect(await getS()).toMatchObject({ ok: true });
    const fellBack = await fast.relayCounts();
    expect(fellBack.fallback.gets).toBe(dead.fallback.gets + 1);
    await ask({ type: "relay/load", swarmId: "restart", segments: [] });
    await whenRedeemed(start, 3);
    await untilFastGet();
    const fastAgain = await fast.relayCounts();
    expect(await getS()).toMatchObject({ ok: true, type: "segment", head: restartHead });
    expect((await fast.relayCounts()).fallback).toEqual(fastAgain.fallback);
    // At most the one get that raced the new port's "bound" took the runtime route.
    expect(fastAgain.fallback.gets - fellBack.fallback.gets).toBeLessThanOrEqual(1);
    console.log("restarts", await driver.state(), await fast.relayCounts());
    expect(await driver.state()).toMatchObject({
      running: true,
      starts: before.starts + 3,
      unexpectedStops: before.unexpectedStops + 2,
    });
    await page.close();
  });

  it("answers only for the site it was bound to; forged tokens and made-up bridges get nothing", async () => {
    const a = await open(siteA, "/blank.html");
    const b = await open(siteB, "/blank.html");
    const start = await fast.relayCounts();
    for (const page of [a, b]) {
      await page.evaluate(() =>
        window.__relay.ask({ type: "relay/load", swarmId: "cross", segments: [] }),
      );
    }
    await whenRedeemed(start, 2);
    const get = (page: Page) =>
      page.evaluate(() =>
        window.__relay.ask({ type: "relay/get-segment", swarmId: "cross", segmentId: "seg-1" }),
      );
    // Each site's origin serves its own bytes for the segment (a different file name each).
    const put = (page: Page, site: Origin, name: string) =>
      page.evaluate(
        (url) => window.__relay.put("cross", "seg-1", url, 64 * 1024),
        {
          url: `${site.base}/data/${name}.bin`,
        }.url,
      );

    const putA = await put(a, siteA, "cross-a");
    expect(putA.put).toEqual({ ok: true, type: "stored" });
    expect(await get(a)).toMatchObject({ ok: true, type: "segment", head: putA.head });
    // Site B asks its own port for the same swarm id and segment: its own (empty) swarm.
    expect(await get(b)).toEqual({ ok: true, type: "miss" });
    // B's bytes go to B's swarm; A still gets its own.
    const putB = await put(b, siteB, "cross-b");
    expect(putB.head).not.toEqual(putA.head);
    expect(putB.put).toEqual({ ok: true, type: "stored" });
    expect(await get(a)).toMatchObject({ ok: true, type: "segment", head: putA.head });
    expect(await get(b)).toMatchObject({ ok: true, type: "segment", head: putB.head });
    const routed = await fast.relayCounts();
    expect(routed.fallback).toEqual(start.fallback);

    // A hostile page posts ports with a token it made up to every frame it can reach and to a
    // bridge iframe of its own: the service worker refuses them and the engine binds none.
    const boundBefore = (await fast.engineCounters())?.bound;
    const forged = await b.evaluate(
      ({ bridgeUrl, request }) => window.__relay.forgeBridge(bridgeUrl, "0".repeat(32), request),
      {
        bridgeUrl: await fast.bridgeUrl(),
        request: { type: "get-segment", swarmId: "cross", segmentId: "seg-1", waitMs: 0 },
      },
    );
    console.log("forged", forged);
    expect(forged.ownLoaded).toBe(true);
    expect(forged.seen.length).toBeGreaterThanOrEqual(1);
    for (const seen of forged.seen) {
      expect(seen).toEqual({ type: "refused", reason: "invalid-token" });
    }
    const after = await fast.relayCounts();
    expect(after.tokens.refused).toBe(routed.tokens.refused + forged.seen.length);
    expect(after.tokens.redeemed).toBe(routed.tokens.redeemed);
    expect((await fast.engineCounters())?.bound).toBe(boundBefore);
    await a.close();
    await b.close();
  });

  it("closes a site's ports when the viewer disables it", async () => {
    const page = await open(siteA, "/blank.html");
    const start = await fast.relayCounts();
    const ask = (message: Record<string, unknown>) =>
      page.evaluate((message) => window.__relay.ask(message), message);
    const get = { type: "relay/get-segment", swarmId: "off", segmentId: "s", waitMs: 0 };
    await ask({ type: "relay/load", swarmId: "off", segments: [] });
    await whenRedeemed(start, 1);
    expect(await ask(get)).toEqual({ ok: true, type: "miss" });
    const openPorts = (await fast.engineCounters())?.open ?? 0;

    await driver.preset({ trackerAnnounce: [tracker.url], rtcConfig: { iceServers: [] } }, [
      siteB.base,
    ]);
    await waitFor(
      async () => ((await fast.engineCounters())?.open ?? 0) < openPorts,
      WAIT_MS,
      "the engine to close site A's ports",
    );
    // The closed port sends no ack: the relay falls back, and the background refuses the site.
    expect(await ask(get)).toEqual({ ok: false, error: "site-not-enabled" });
    await page.close();
  });

  it("plays on from the network when the viewer switches the site off mid-playback", async () => {
    const start = await fast.relayCounts();
    const page = await open(siteB, "/players.html");
    const playing = play(page, siteB);
    await whenRedeemed(start, 1);
    await driver.preset({ trackerAnnounce: [tracker.url], rtcConfig: { iceServers: [] } }, []);
    // Every segment still arrives, intact, and the engine leaves the site's swarms.
    expectPlayedWell(await playing);
    await waitFor(
      async () => {
        const status = await driver.engineStatus();
        return !status.ok || status.swarms.every((swarm) => swarm.site !== siteB.base);
      },
      WAIT_MS,
      "the engine to leave site B's swarms",
    );
    await page.close();
  });
});
