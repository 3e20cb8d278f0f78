/**
 * The store images, made from the real built extension (build/chrome-mv3-test: the store build's
 * pages with the test hosts' permissions, so headless Chromium needs no prompt) in headless
 * Chromium, inside a private network namespace (`npm run store:screenshots` runs it through
 * scripts/netns.sh; `npm run build` first):
 *
 * - store/screenshots/1-popup-swarm.png: three viewers with the extension play an ffmpeg HLS
 *   stream from a local origin with hls.js, finding each other through a local tracker; the
 *   third viewer's popup (its real page, pointed at its tab) beside a frame of its video.
 * - store/screenshots/2-first-run.png: the first-run page of a fresh profile.
 * - store/screenshots/3-options.png: the settings page.
 * - store/screenshots/4-privacy.png: the privacy policy page the extension ships.
 * - store/promo-440x280.png: the small promo tile (the icon, the name, one line).
 *
 * All 1280x800 (what both stores take). The popup shot is composed in a page of the same
 * browser from two real screenshots; nothing in it is drawn by hand but the caption.
 */
import { mkdir, readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import type { Page } from "playwright-core";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../harness/browser/chromium";
import { makeHlsVod } from "../harness/streams";
import { startTracker } from "../harness/tracker";
import { ExtensionDriver } from "../harness/browser/extension-driver";
import { bundle } from "../tests/browser/support/intercept-browser";
import { startOrigin } from "../tests/browser/support/intercept-server";

const OUT = "store/screenshots";
const SIZE = { width: 1280, height: 800 };
const POPUP = { width: 392, height: 600 };
/** The stores' limit we keep to, so the images can live in git. */
const MAX_BYTES = 300 * 1024;

if (process.env.P2PV_NETNS !== "1") {
  console.error("run it as `npm run store:screenshots` (inside scripts/netns.sh)");
  process.exit(2);
}
if (!existsSync(`${TEST_EXTENSION_DIR}/manifest.json`)) {
  console.error(`${TEST_EXTENSION_DIR} is missing: run \`npm run build\` first`);
  process.exit(2);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString("base64")}`;
const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c,
  );

async function saved(path: string): Promise<void> {
  const { size } = await stat(path);
  const note = size > MAX_BYTES ? `  (over ${String(MAX_BYTES / 1024)} KiB: do not commit)` : "";
  console.log(`${path}: ${(size / 1024).toFixed(0)} KiB${note}`);
}

/** Renders `html` at `size` in a page of `browser` and saves it as `path`. */
async function renderHtml(
  browser: ExtensionBrowser,
  html: string,
  path: string,
  size = SIZE,
): Promise<void> {
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  await page.setContent(html, { waitUntil: "load" });
  await page.screenshot({ path, animations: "disabled" });
  await page.close();
  await saved(path);
}

async function extensionPage(
  browser: ExtensionBrowser,
  path: string,
  size: { width: number; height: number },
): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
  await page.locator("main").waitFor();
  await sleep(500);
  return page;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

/** The popup beside the frame of video it reports on, a caption above. */
function popupScene(video: Buffer, popup: Buffer, caption: string, host: string): string {
  return `<!doctype html><html><body style="margin:0;width:1280px;height:800px;overflow:hidden;
  background:linear-gradient(160deg,#eef3fb,#dfe8f5);font-family:${FONT};color:#1c1e21">
  <h1 style="margin:36px 56px 0;font-size:34px;font-weight:650">${escapeHtml(caption)}</h1>
  <div style="position:absolute;left:56px;top:112px;width:760px;border-radius:10px;overflow:hidden;
    box-shadow:0 6px 24px rgba(0,0,0,.18);background:#fff">
    <div style="height:36px;background:#f1f3f4;display:flex;align-items:center;padding:0 14px;
      font-size:14px;color:#5b616b;gap:8px"><span style="width:10px;height:10px;border-radius:50%;
      background:#d9dce1;display:inline-block"></span>${escapeHtml(host)}/players.html</div>
    <img src="${dataUrl(video)}" style="display:block;width:760px">
  </div>
  <img src="${dataUrl(popup)}" style="position:absolute;right:56px;top:112px;width:392px;
    border-radius:10px;box-shadow:0 10px 32px rgba(0,0,0,.25);background:#fff">
  </body></html>`;
}

function promoTile(icon: Buffer): string {
  return `<!doctype html><html><body style="margin:0;width:440px;height:280px;overflow:hidden;
  background:linear-gradient(150deg,#1b5ca8,#123f75);font-family:${FONT};color:#fff;
  display:flex;flex-direction:column;justify-content:center;padding:0 36px;box-sizing:border-box">
  <div style="display:flex;align-items:center;gap:18px">
    <img src="${dataUrl(icon)}" style="width:84px;height:84px">
    <div style="font-size:34px;font-weight:700;line-height:1.1">PeerCast<br>Video</div>
  </div>
  <p style="font-size:18px;line-height:1.35;margin:22px 0 0;color:#dcebff">Video from other viewers
  of the same stream, so the site sends you less.</p>
  </body></html>`;
}

/** A fresh profile with the extension on for the origin, at its player page (as the tests' openViewer). */
async function openViewer(base: string, trackerUrl: string, browsers: ExtensionBrowser[]) {
  const browser = await launchWithExtension(TEST_EXTENSION_DIR);
  browsers.push(browser);
  const driver = new ExtensionDriver(browser.worker);
  await driver.preset({ trackerAnnounce: [trackerUrl], rtcConfig: { iceServers: [] } }, [base]);
  await driver.waitForPageScripts(`${base}/*`);
  const page = await browser.context.newPage();
  const url = `${base}/players.html`;
  await page.goto(url);
  return { browser, driver, page, tabId: await driver.tabIdOf(url) };
}

await mkdir(OUT, { recursive: true });
const browsers: ExtensionBrowser[] = [];
const stream = await makeHlsVod({
  seconds: 120,
  segmentSeconds: 2,
  bitrate: "1200k",
  size: "854x480",
});
const origin = await startOrigin({
  bundles: { "/hook.js": "", "/players.js": await bundle("intercept-players.ts") },
  streams: { media: stream.dir },
});
const tracker = await startTracker();
try {
  // 1. A swarm: three viewers 3 s apart, playing at 1x; the third one's popup once peers serve it.
  const url = `${origin.base}/streams/media/index.m3u8`;
  const viewers = [];
  for (let index = 0; index < 3; index++) {
    if (index > 0) await sleep(3000);
    const viewer = await openViewer(origin.base, tracker.url, browsers);
    await viewer.page.evaluate(() => {
      window.__players.setPlaybackRate(1);
    });
    void viewer.page
      .evaluate((manifest) => window.__players.hls(manifest, false, 120_000), url)
      .catch(() => undefined);
    viewers.push(viewer);
  }
  // The second viewer: it fetches from the origin, gets from the first and serves the third. Its
  // popup opens once it plays, so the chart has the swarm's whole history when it is taken.
  const second = viewers[1];
  const third = viewers[2];
  if (second === undefined || third === undefined) throw new Error("missing viewers");
  const popup = await extensionPage(
    second.browser,
    `popup.html?tabId=${String(second.tabId)}`,
    POPUP,
  );
  const deadline = Date.now() + 90_000;
  for (;;) {
    const [mine, theirs] = await Promise.all([
      second.driver.stats(second.tabId),
      third.driver.stats(third.tabId),
    ]);
    const ready =
      mine !== undefined &&
      mine.peers >= 2 &&
      mine.uploadedBytes > 2 * 1024 * 1024 &&
      (theirs?.p2pBytes ?? 0) > 4 * 1024 * 1024;
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`no swarm after 90 s: ${JSON.stringify(mine)}`);
    await sleep(1000);
  }
  await sleep(15_000); // more of the chart, at 1x
  const height = await popup.evaluate(() =>
    Math.ceil(document.body.getBoundingClientRect().height),
  );
  const popupPng = await popup.screenshot({
    animations: "disabled",
    clip: { x: 0, y: 0, width: POPUP.width, height: Math.min(height, POPUP.height) },
  });
  const videoPng = await second.page.locator("video").screenshot({ animations: "disabled" });
  await renderHtml(
    second.browser,
    popupScene(
      videoPng,
      popupPng,
      "Watch as usual: part of the video comes from other viewers",
      origin.base,
    ),
    `${OUT}/1-popup-swarm.png`,
  );
  await Promise.all(browsers.splice(0).map((browser) => browser.close()));

  // 2-4. A fresh profile: the first-run page, then the settings and the privacy policy.
  const fresh = await launchWithExtension(TEST_EXTENSION_DIR);
  browsers.push(fresh);
  for (const [path, name] of [
    ["tabs/welcome.html", "2-first-run"],
    ["options.html", "3-options"],
    ["tabs/privacy.html", "4-privacy"],
  ] as const) {
    // The settings as a viewer sees them after accepting, with two sites on (default trackers).
    if (path === "options.html")
      await new ExtensionDriver(fresh.worker).preset({}, [
        "https://live.example.net",
        "https://video.example.org",
      ]);
    const page = await extensionPage(fresh, path, SIZE);
    await page.screenshot({ path: `${OUT}/${name}.png`, animations: "disabled" });
    await saved(`${OUT}/${name}.png`);
    await page.close();
  }
  await renderHtml(fresh, promoTile(await readFile("assets/icon.png")), "store/promo-440x280.png", {
    width: 440,
    height: 280,
  });
} finally {
  await Promise.all(browsers.map((browser) => browser.close()));
  await origin.close();
  await tracker.close();
}
