/**
 * What a page can tell about the extension from its own scripts (SECURITY.md, "Fingerprinting").
 * On an enabled site the hook and relay run, and the page still finds nothing named after the
 * extension, wrapped functions that look native, and (for what the hook can keep out) stacks
 * that do not name the extension. On a site the viewer did not enable (another host, or the same
 * host on another port) nothing of the extension is injected at all.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { startOrigin, type OriginServer } from "../../../harness/origin-server";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import {
  extensionTraces,
  FINGERPRINT_PAGE,
  FINGERPRINT_PAGE_PATH,
  stacksThroughWrappers,
  wrapperLook,
} from "../support/fingerprint-page";

/** A host the test build may reach (scripts/make-test-build.ts) that the viewer enables on port 80 only. */
const PORT_80_HOST = "198.18.0.1";
/** A host the viewer never enabled. */
const OTHER_HOST = "198.18.0.2";

/** Script URLs the browser parsed in the page (its own and any extension's, in any world). */
async function parsedScripts(page: Page): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  const urls: string[] = [];
  session.on("Debugger.scriptParsed", (event) => {
    urls.push(event.url);
  });
  await session.send("Debugger.enable");
  await session.detach();
  return urls;
}

describe("what a page can see of the extension", () => {
  let stream: HlsStream;
  let tracker: LocalTracker;
  const origins: OriginServer[] = [];
  let browser: ExtensionBrowser;
  let driver: ExtensionDriver;

  const serve = async (host: string) => {
    const origin = await startOrigin(stream.dir, {
      host,
      routes: (path) =>
        Promise.resolve(
          path === FINGERPRINT_PAGE_PATH
            ? { body: FINGERPRINT_PAGE, type: "text/html" }
            : undefined,
        ),
    });
    origins.push(origin);
    return new URL(origin.baseUrl).origin;
  };
  let enabled: string;
  let otherPort: string;
  let otherHost: string;

  beforeAll(async () => {
    stream = await makeHlsVod({ seconds: 10, segmentSeconds: 2, bitrate: "600k", size: "640x360" });
    tracker = await startTracker();
    enabled = await serve("127.0.0.1");
    otherPort = await serve(PORT_80_HOST);
    otherHost = await serve(OTHER_HOST);
    browser = await launchWithExtension(TEST_EXTENSION_DIR);
    driver = new ExtensionDriver(browser.worker);
    await driver.preset({ trackerAnnounce: [tracker.url], rtcConfig: { iceServers: [] } }, [
      enabled,
      `http://${PORT_80_HOST}`,
    ]);
    await driver.waitForPageScripts(`${enabled}/*`);
    await driver.waitForPageScripts(`http://${PORT_80_HOST}/*`);
  }, 180_000);

  afterAll(async () => {
    await browser.close();
    await Promise.all(origins.map((origin) => origin.close()));
    await tracker.close();
  });

  const open = async (site: string) => {
    const page = await browser.context.newPage();
    await page.goto(`${site}${FINGERPRINT_PAGE_PATH}`);
    return page;
  };
  const streamUrls = (site: string) => ({
    manifest: `${site}/index.m3u8`,
    segments: stream.segments.map((segment) => new URL(segment.uri, `${site}/`).href),
  });

  /** Lines of a stack that name an extension's script. */
  const extensionFrames = (stack: string) =>
    stack.split("\n").filter((line) => line.includes("-extension://"));

  it("finds no element, global or message named after the extension on an enabled site", async () => {
    const page = await open(enabled);
    const { manifest, segments } = streamUrls(enabled);
    // Plays the hook's part: a manifest, then segments, so the relay opens its fast path (the
    // bridge) and the engine answers; then what the page can find.
    await stacksThroughWrappers(page, manifest, segments);
    expect(await parsedScripts(page)).toEqual(
      expect.arrayContaining([expect.stringMatching(/page-hook\.js$/)]),
    );
    const traces = await extensionTraces(page);
    console.log(`what the page saw being added to its DOM: ${traces.addedEver.join(", ")}`);
    expect(traces).toMatchObject({ globals: [], elements: [], messages: [], frames: 0 });
    expect(traces.addedEver.filter((name) => /^[A-Z]+-/.test(name))).toEqual([]);
    await page.close();
  });

  it("shows wrapped functions exactly as a page without the hook sees the natives", async () => {
    const hooked = await open(enabled);
    const plain = await open(otherHost);
    const look = await wrapperLook(hooked);
    expect(look).toEqual(await wrapperLook(plain));
    expect(look.fetch).toMatchObject({ source: "function fetch() { [native code] }" });
    await Promise.all([hooked.close(), plain.close()]);
  });

  it("keeps the extension's script out of the stacks of errors thrown through the wrappers", async () => {
    const page = await open(enabled);
    const { manifest, segments } = streamUrls(enabled);
    const stacks = await stacksThroughWrappers(page, manifest, segments);
    // What remains, printed for docs/permissions.md: handlers of an XHR the engine answered run
    // under the hook's frames (it fires their events itself).
    for (const [name, stack] of Object.entries(stacks)) {
      const frames = extensionFrames(stack);
      if (frames.length > 0) console.log(`${name}: ${String(frames.length)} extension frames`);
    }
    const errors = [
      "fetchNetworkError",
      "fetchAbort",
      "openThrow",
      "sendThrow",
      "ctorThrow",
      "toStringThrow",
    ];
    for (const name of errors) {
      expect(stacks[name], name).toMatch(/^\w*Error/);
      expect(extensionFrames(stacks[name] ?? ""), name).toEqual([]);
    }
    for (const name of ["fetchThen1", "fetchThen2", "xhrLoad1", "xhrReadyState1"]) {
      expect(extensionFrames(stacks[name] ?? ""), name).toEqual([]);
    }
    await page.close();
  });

  it("injects nothing into a site not enabled: another host, or the enabled host on another port", async () => {
    for (const site of [otherHost, otherPort]) {
      const page = await open(site);
      const { manifest, segments } = streamUrls(site);
      await stacksThroughWrappers(page, manifest, segments.slice(0, 4));
      const scripts = await parsedScripts(page);
      expect(
        scripts.filter((url) => url.includes("-extension://")),
        site,
      ).toEqual([]);
      expect((await extensionTraces(page)).addedEver, site).toEqual(["#text", "BODY", "#text"]);
      await page.close();
    }
  });
});
