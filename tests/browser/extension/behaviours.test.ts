/**
 * The viewer's controls and the failure paths, end to end with the built extension and hls.js:
 * useP2P off (plays, no peer bytes, never announced), consumeOnly (downloads from peers, uploads
 * nothing), a site not enabled (the page keeps the browser's own fetch and XHR and plays), the
 * engine killed mid-playback (plays on over HTTP, segments intact), and a DRM stream (SAMPLE-AES)
 * that the extension leaves alone.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import { sleep } from "../../../harness/wait";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import {
  describeStats,
  expectIntactPlayback,
  openViewer,
  waitForStats,
  warmEngine,
  type Viewer,
  type ViewerOptions,
} from "../support/extension-viewers";
import { bundle } from "../support/intercept-browser";
import type { TabStats } from "../../../messaging/engine-to-background";
import type { PlayResult } from "../support/intercept-players";
import { startOrigin, type Origin } from "../support/intercept-server";
import { waitFor } from "../support/wait-for";

/** How long a state change may take on a loaded 2-core machine (waits poll: a pass is fast). */
const WAIT_MS = 60_000;

/** hls.js reports stalls as non-fatal errors (type:details:fatal:message). */
const hlsFatal = (error: string) => error.split(":")[2] !== "false";

describe("viewer controls and failure paths", () => {
  let stream: HlsStream;
  let origin: Origin;
  let tracker: LocalTracker;
  let drmDir: string;
  let browsers: ExtensionBrowser[] = [];

  beforeAll(async () => {
    stream = await makeHlsVod({
      seconds: 12,
      segmentSeconds: 2,
      bitrate: "1000k",
      size: "640x360",
    });
    // Hand-written playlists over the same segments: one under SAMPLE-AES (DRM), one in the clear.
    drmDir = await mkdtemp(join(tmpdir(), "p2pv-drm-"));
    const body = stream.segments
      .map((segment) => `#EXTINF:${segment.duration.toFixed(3)},\n../vod/${segment.uri}`)
      .join("\n");
    const playlist = (key: string) =>
      `#EXTM3U\n#EXT-X-VERSION:5\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n${key}${body}\n#EXT-X-ENDLIST\n`;
    await writeFile(
      join(drmDir, "protected.m3u8"),
      playlist(
        '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key-id",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"\n',
      ),
    );
    await writeFile(join(drmDir, "clear.m3u8"), playlist(""));
    origin = await startOrigin({
      bundles: { "/hook.js": "", "/players.js": await bundle("intercept-players.ts") },
      streams: { vod: stream.dir, drm: drmDir },
    });
    tracker = await startTracker();
  });

  afterEach(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    browsers = [];
  });

  afterAll(async () => {
    await origin.close();
    await tracker.close();
    await rm(drmDir, { recursive: true, force: true });
  });

  const streamUrl = () => `${origin.base}/streams/vod/index.m3u8`;
  const viewer = (options: Partial<ViewerOptions> = {}) =>
    openViewer({ origin, tracker, path: "/players.html", ...options }, browsers);
  /**
   * Plays the stream; in real time it plays at 1x and hls.js buffers 4 s ahead, so the stream
   * is fetched over the 12 s of playback, not in the first second at the driver's usual 4x.
   */
  const play = (page: Viewer["page"], realTime = false): Promise<PlayResult> =>
    page.evaluate(
      ({ url, realTime }) => {
        window.__players.setPlaybackRate(realTime ? 1 : 4);
        return window.__players.hls(url, false, 120_000, realTime ? 4 : undefined);
      },
      { url: streamUrl(), realTime },
    );
  /** A viewer that plays the stream once its engine is up (warmEngine). */
  const watch = async (options: Partial<ViewerOptions> = {}, realTime = false) => {
    const opened = await viewer(options);
    await warmEngine(opened.page);
    return { ...opened, result: await play(opened.page, realTime) };
  };
  const statsOf = (entry: Pick<Viewer, "driver" | "tabId">, ready?: (stats: TabStats) => boolean) =>
    waitForStats(entry, ready, WAIT_MS);
  const expectIntact = (label: string, result: PlayResult) => {
    expectIntactPlayback(label, result, stream.segments, hlsFatal);
  };

  it("useP2P off: plays from HTTP only and never announces to the tracker", async () => {
    const seeding = watch();
    await waitFor(() => tracker.announcedPeerIds().length > 0, WAIT_MS, "the seeder's announce");
    const before = new Set(tracker.announcedPeerIds());
    const [seeder, off] = await Promise.all([seeding, watch({ settings: { useP2P: false } })]);
    // The engine ran for the page: its tab has stats once the engine holds the tab's swarm (it
    // pushes them every second, so the page may end before the first push).
    const offStats = await statsOf(off);
    const seederStats = await statsOf(seeder);
    console.log(`useP2P off\n${describeStats([seederStats, offStats])}`);
    expectIntact("seeder", seeder.result);
    expectIntact("useP2P off", off.result);
    expect(offStats.p2pBytes).toBe(0);
    expect(offStats.peers).toBe(0);
    // It held the swarm (above) and never joined it.
    expect(tracker.announcedPeerIds().filter((id) => !before.has(id))).toEqual([]);
    expect(seederStats.uploadedBytes).toBe(0);
  }, 240_000);

  it("consumeOnly: downloads from peers and uploads nothing", async () => {
    // One after the other, each once the one before has played to the end: the peers before a
    // viewer hold the whole stream whatever the machine's speed.
    // The later two fetch over their playback, so their peers have time to connect.
    const seeder = await watch();
    const consumer = await watch({ settings: { consumeOnly: true } }, true);
    const third = await watch({}, true);
    // Stats reach the background every second: wait for the figures the checks below read.
    const consumerStats = await statsOf(consumer, (stats) => stats.p2pBytes > 0);
    const thirdStats = await statsOf(third, (stats) => stats.p2pBytes > 0);
    const seederStats = await statsOf(seeder);
    console.log(
      `consumeOnly is viewer 2\n${describeStats([seederStats, consumerStats, thirdStats])}`,
    );
    for (const [label, entry] of [
      ["seeder", seeder],
      ["consumeOnly", consumer],
      ["third", third],
    ] as const) {
      expectIntact(label, entry.result);
    }
    expect(consumerStats.uploadedBytes).toBe(0);
    // The third viewer did take bytes from peers (polled above): only from the seeder.
    expect(thirdStats.p2pBytes).toBeGreaterThan(0);
  }, 300_000);

  it("a site not enabled keeps the browser's own fetch and XHR and plays", async () => {
    const hookState = (page: Viewer["page"]) =>
      page.evaluate(() => {
        // What the page sees as its fetch (read as a value, not called), printed by a fresh
        // frame's own toString too: the hook disguises its wrappers in the page's window only.
        const pageFetch: unknown = Reflect.get(window, "fetch");
        const frame = document.createElement("iframe");
        document.body.append(frame);
        const frameFunction = (frame.contentWindow as typeof window).Function;
        const frameToString: unknown = Reflect.get(frameFunction.prototype, "toString");
        const source = (value: unknown) => Reflect.apply(frameToString as () => string, value, []);
        const state = {
          fetchSource: source(pageFetch),
          xhrSource: source(Reflect.get(XMLHttpRequest.prototype, "open")),
          fetchToString: String(pageFetch),
          xhrToString: String(XMLHttpRequest),
        };
        frame.remove();
        return state;
      });
    // Control: where the site is enabled, the hook is there (so the checks below can fail).
    const enabled = await viewer();
    const hooked = await hookState(enabled.page);
    expect(hooked.fetchSource).not.toContain("[native code]");
    expect(hooked.xhrSource).not.toContain("[native code]");

    const before = new Map(origin.hits);
    const plain = await viewer({ enabledSites: [] });
    const state = await hookState(plain.page);
    expect(state).toEqual({
      fetchSource: "function fetch() { [native code] }",
      xhrSource: "function open() { [native code] }",
      fetchToString: "function fetch() { [native code] }",
      xhrToString: "function XMLHttpRequest() { [native code] }",
    });
    const result = await play(plain.page);
    expectIntact("not enabled", result);
    // Every segment came from the origin, and the extension never started its engine.
    for (const segment of stream.segments) {
      const path = `/streams/vod/${segment.uri}`;
      expect((origin.hits.get(path) ?? 0) - (before.get(path) ?? 0), segment.uri).toBe(1);
    }
    expect(await plain.driver.offscreenDocuments()).toEqual([]);
    expect((await plain.driver.state()).starts).toBe(0);
  });

  it("the engine killed mid-playback: playback goes on over HTTP to the end", async () => {
    const opened = await viewer();
    await warmEngine(opened.page);
    // In real time, so part of the stream is still to come when the engine is killed.
    const playing = play(opened.page, true);
    // Kill once the engine runs and has answered part of the stream.
    await waitFor(
      async () => ((await opened.driver.stats(opened.tabId))?.httpBytes ?? 0) > 0,
      WAIT_MS,
      "the engine to fetch",
    );
    expect(await opened.driver.offscreenDocuments()).toHaveLength(1);
    await opened.driver.killEngineDocument();
    const result = await playing;
    const state = await opened.driver.state();
    console.log(`engine killed: ${JSON.stringify(state)} errors ${result.errors.join(" | ")}`);
    expect(state.unexpectedStops).toBeGreaterThanOrEqual(1);
    expectIntact("engine killed", result);
  });

  it("a SAMPLE-AES (DRM) stream gets no engine involvement; the same stream in the clear does", async () => {
    /** Loads a playlist and then its first segment the way a player would, through the hook. */
    const fetchAsPlayer = (page: Viewer["page"], name: string) =>
      page.evaluate(async (url) => {
        const text = await (await fetch(url)).text();
        // The hook reads the playlist from a clone of the response; a player parses it first.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const first = text.split("\n").find((line) => line !== "" && !line.startsWith("#")) ?? "";
        const bytes = await (await fetch(new URL(first, url))).arrayBuffer();
        return bytes.byteLength;
      }, `${origin.base}/streams/drm/${name}`);
    const first = stream.segments[0];
    if (first === undefined) throw new Error("empty stream");

    const drm = await viewer();
    expect(await fetchAsPlayer(drm.page, "protected.m3u8")).toBe(first.bytes);
    await sleep(500);
    expect(await drm.driver.offscreenDocuments(), "no engine for a DRM stream").toEqual([]);
    expect((await drm.driver.state()).starts).toBe(0);

    const clear = await viewer();
    expect(await fetchAsPlayer(clear.page, "clear.m3u8")).toBe(first.bytes);
    await waitFor(
      async () => (await clear.driver.offscreenDocuments()).length === 1,
      WAIT_MS,
      "the engine for the stream in the clear",
    );
    expect((await clear.driver.state()).starts).toBe(1);
  });
});
