/**
 * Low-latency HLS through the extension, with hls.js in its low-latency mode against a live
 * origin that publishes a part every 0.48 s, answers blocking playlist reloads and holds hinted
 * parts (support/ll-hls-origin.ts). At the live edge hls.js loads parts only: they pass through to
 * the network untouched (the extension shares whole segments), played without the extension (the
 * site not switched on) for the figures to compare, then by two viewers with it. With its
 * low-latency mode off (what many sites configure) hls.js loads whole segments, still reloading
 * the playlist with `_HLS_` directives: those are shared, in one swarm however many reloads.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { describeStats, openViewer, type Viewer } from "../support/extension-viewers";
import type { PlayResult } from "../support/intercept-players";
import { startLlHlsOrigin, type LlHlsOrigin } from "../support/ll-hls-origin";
import { startPlayersSite, type PlayersSite } from "../support/players-origin";

/** hls.js reports stalls and part misses as non-fatal errors (type:details:fatal:message). */
const hlsFatal = (error: string) => error.split(":")[2] !== "false";

describe("low-latency HLS (Chromium, hls.js)", () => {
  let stream: HlsStream;
  let site: PlayersSite;
  let browsers: ExtensionBrowser[] = [];
  let origins: LlHlsOrigin[] = [];

  beforeAll(async () => {
    // 0.48 s segments (12 frames, a keyframe each): the parts; four in a row make a segment.
    stream = await makeHlsVod({
      seconds: 20,
      segmentSeconds: 0.48,
      bitrate: "800k",
      size: "640x360",
    });
    site = await startPlayersSite({});
  });

  afterEach(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await Promise.all(origins.map((origin) => origin.close()));
    browsers = [];
    origins = [];
  });

  afterAll(async () => {
    await site.close();
  });

  const liveOrigin = async () => {
    const origin = await startLlHlsOrigin(stream);
    origins.push(origin);
    return origin;
  };

  /**
   * Plays the live stream at 1x, as a viewer does, until it ends (EXT-X-ENDLIST): in hls.js's
   * low-latency mode (parts), or with it off (whole segments; hls.js still reloads the playlist
   * with `_HLS_` directives when the origin can block).
   */
  const play = (viewer: Viewer, origin: LlHlsOrigin, lowLatencyMode = true): Promise<PlayResult> =>
    viewer.page.evaluate(
      ({ url, lowLatencyMode }) => {
        window.__players.setPlaybackRate(1);
        return window.__players.hls(url, false, 120_000, undefined, { lowLatencyMode });
      },
      { url: origin.playlistUrl, lowLatencyMode },
    );

  const open = () =>
    openViewer({ origin: site.origin, tracker: site.tracker, path: "/players.html" }, browsers);
  const statsLine = async (viewers: Viewer[]) =>
    describeStats(await Promise.all(viewers.map((v) => v.driver.stats(v.tabId))));
  const reloads = (origin: LlHlsOrigin) =>
    `blocking reloads: ${String(origin.playlistQueries.filter((query) => query.includes("_HLS_msn")).length)} of ${String(origin.playlistQueries.length)} playlist requests`;

  /**
   * Two viewers with the extension play one live origin together, intact, the origin having had
   * blocking reloads (`_HLS_msn`) from them; prints what each loaded and the stats.
   */
  async function twoViewers(lowLatencyMode: boolean) {
    const origin = await liveOrigin();
    const viewers = [await open(), await open()] as const;
    const results = await Promise.all([
      play(viewers[0], origin, lowLatencyMode),
      play(viewers[1], origin, lowLatencyMode),
    ]);
    console.log(
      [
        ...results.map((result, index) => `viewer ${String(index + 1)}: ${summary(result)}`),
        await statsLine([...viewers]),
        reloads(origin),
      ].join("\n"),
    );
    results.forEach((result, index) => {
      expectIntact(`viewer ${String(index + 1)}`, result, origin);
    });
    expect(origin.playlistQueries.some((query) => query.includes("_HLS_msn"))).toBe(true);
    return { viewers, results };
  }

  /** Ended, no fatal error, and every part and segment the player got is the origin's file. */
  function expectIntact(label: string, result: PlayResult, origin: LlHlsOrigin): void {
    expect(result.errors.filter(hlsFatal), `${label} fatal errors`).toEqual([]);
    expect(result.ended, `${label} ended at ${String(result.currentTime)} s`).toBe(true);
    expect(result.segments.length, `${label} loads`).toBeGreaterThan(0);
    for (const segment of result.segments) {
      const name = new URL(segment.url).pathname.slice(1);
      expect(segment.sha256, `${label} ${name}`).toBe(origin.files.get(name)?.sha256);
    }
  }

  const isWhole = (url: string) => new URL(url).pathname.startsWith("/whole_");
  const summary = (result: PlayResult) => {
    const whole = result.segments.filter((segment) => isWhole(segment.url)).length;
    return `${String(result.segments.length - whole)} parts + ${String(whole)} segments, ${String(result.stalls)} stalls (${result.stallMs.toFixed(0)} ms)`;
  };

  it("at the live edge: parts pass through intact, as without the extension", async () => {
    // Without the extension's help: the same page with the site not switched on.
    const plainOrigin = await liveOrigin();
    const plain = await openViewer(
      { origin: site.origin, tracker: site.tracker, path: "/players.html", enabledSites: [] },
      browsers,
    );
    const alone = await play(plain, plainOrigin);
    expectIntact("without the extension", alone, plainOrigin);

    console.log(`without the extension: ${summary(alone)}`);
    const { results } = await twoViewers(true);
    // They loaded parts.
    expect(results[0].segments.some((segment) => !isWhole(segment.url))).toBe(true);
  }, 300_000);

  it("a player not in low-latency mode: whole segments are shared, one swarm however many reloads", async () => {
    const { viewers, results } = await twoViewers(false);
    const [first, second] = viewers;
    expect(results[0].segments.some((segment) => isWhole(segment.url))).toBe(true);
    // Each reload names the playlist with other _HLS_ directives: still the one swarm.
    for (const viewer of [first, second]) {
      const status = await viewer.driver.engineStatus();
      if (!status.ok) throw new Error("no engine status");
      const swarms = status.swarms.filter((swarm) => swarm.tabs.includes(viewer.tabId));
      expect(swarms.map((swarm) => swarm.swarmId)).toHaveLength(1);
    }
  }, 300_000);
});
