/**
 * The benchmark's anchor really works: plain Chromium viewers (no extension) of the anchor page
 * (hls.js + P2P Media Loader 2.3.1, harness/p2pml/) join a few seconds apart, announce to the
 * local tracker with no STUN servers, play an ffmpeg VOD to its end with no fatal error, and a
 * later viewer gets segment bytes from peers. Prints each viewer's figures and the P2P share.
 */
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorConfig, anchorStats, playAnchor } from "../../../harness/p2pml";
import { startAnchorSetup, type AnchorSetup } from "../support/anchor-page";
import { CHROMIUM_PATH, HEADLESS_ARGS } from "../support/chromium";
import { staggered } from "../support/extension-viewers";

const VIEWERS = 3;
const JOIN_GAP_MS = 4000;
/** hls.js errors are `type:details:fatal:message`; the video element's errors are all fatal. */
const isFatal = (error: string) => error.startsWith("video:") || error.split(":")[2] === "true";

describe("P2P Media Loader 2.3.1 anchor page", () => {
  let setup: AnchorSetup | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (process.env.P2PV_NETNS !== "1") {
      throw new Error("browser tests open WebRTC: run them under scripts/netns.sh");
    }
    setup = await startAnchorSetup();
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      // A plain page gathers loopback candidates only with the first flag; the second keeps
      // host candidates as addresses rather than mDNS names (no multicast on this network).
      args: [
        ...HEADLESS_ARGS,
        "--allow-loopback-in-peer-connection",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await setup?.close();
  });

  /** A fresh context at the anchor page. */
  async function openAnchor(pageBase: string): Promise<Page> {
    if (browser === undefined) throw new Error("no browser");
    const context = await browser.newContext();
    const tab = await context.newPage();
    tab.on("pageerror", (error) => {
      console.error(`page error: ${error.message}`);
    });
    await tab.goto(`${pageBase}p2pml.html`);
    return tab;
  }

  it("plays to the end everywhere, the later viewers with bytes from peers", async () => {
    if (setup === undefined) throw new Error("no set-up");
    const { stream, origin, tracker, pageBase } = setup;
    const manifest = `${origin.baseUrl}index.m3u8`;
    const viewers = await staggered(VIEWERS, JOIN_GAP_MS, async () => {
      const tab = await openAnchor(pageBase);
      const playing = playAnchor(tab, manifest, { trackerUrl: tracker.url, timeoutMs: 60_000 });
      const config = await anchorConfig(tab);
      return { tab, config, result: await playing };
    });
    const stats = await Promise.all(viewers.map((viewer) => anchorStats(viewer.tab)));
    const streamBytes = stream.segments.reduce((sum, segment) => sum + segment.bytes, 0);
    console.log(
      viewers
        .map((viewer, index) => {
          const s = stats[index];
          const share = s ? s.p2pBytes / Math.max(1, s.httpBytes + s.p2pBytes) : 0;
          const r = viewer.result;
          return (
            `viewer ${String(index + 1)}: http ${String(s?.httpBytes)} p2p ${String(s?.p2pBytes)} ` +
            `up ${String(s?.uploadedBytes)} peers ${String(s?.peers)} ` +
            `share ${(100 * share).toFixed(1)}% first frame ${String(r.firstFrameMs?.toFixed(0))} ms ` +
            `stalls ${String(r.stalls)} (${r.stallMs.toFixed(0)} ms) ended ${String(r.ended)} ` +
            `errors: ${r.errors.join(" | ")}`
          );
        })
        .join("\n"),
      `\norigin served ${String(origin.servedBytes())} bytes for ${String(VIEWERS)} viewers ` +
        `of a ${String(streamBytes)}-byte stream; ${String(tracker.announcedPeerIds().length)} ` +
        "viewers announced",
    );

    for (const [index, viewer] of viewers.entries()) {
      const label = `viewer ${String(index + 1)}`;
      expect(viewer.config, `${label} P2PML config`).toEqual({
        announceTrackers: [tracker.url],
        iceServers: [],
        swarmId: undefined,
      });
      expect(viewer.result.errors.filter(isFatal), `${label} fatal errors`).toEqual([]);
      expect(viewer.result.ended, `${label} ended at ${String(viewer.result.currentTime)} s`).toBe(
        true,
      );
      expect(viewer.result.firstFrameMs, `${label} showed a frame`).toBeGreaterThan(0);
    }
    // (The harness tracker records each announcing connection's address.)
    expect(tracker.announcedPeerIds().length, "announcing viewers").toBeGreaterThanOrEqual(VIEWERS);
    const later = stats.slice(1);
    expect(
      later.some((s) => s.p2pBytes > 0),
      "a later viewer got bytes from peers",
    ).toBe(true);
    expect(
      stats.reduce((sum, s) => sum + s.uploadedBytes, 0),
      "bytes uploaded to peers",
    ).toBeGreaterThan(0);
  }, 120_000);
});
