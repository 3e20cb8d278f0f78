/**
 * Viewers for the extension e2e tests: each is a fresh Chromium profile with the test build of
 * the extension, preset for a local tracker and an origin, that opens a page of the origin and
 * plays a stream with one of the in-page player drivers (intercept-players.ts). Also the checks
 * every player test makes: the player's segments against the origin's files, and the summary.
 */
import type { Frame, Page } from "playwright-core";
import { expect } from "vitest";
import type { StreamSegment } from "../../../harness/streams";
import type { LocalTracker } from "../../../harness/tracker";
import type { TabStats } from "../../../messaging/engine-to-background";
import { STORAGE_KEYS, type StoredSettings } from "../../../messaging/stored-settings";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";
import { ExtensionDriver } from "../../../harness/browser/extension-driver";
import { ENVELOPE_TAG } from "../../../hook/relay-envelope";
import type { PlayResult } from "./intercept-players";
import { waitFor } from "./wait-for";
import { warmUpInPage } from "./warm-engine";
import type { Origin } from "./intercept-server";

export interface Viewer {
  browser: ExtensionBrowser;
  driver: ExtensionDriver;
  page: Page;
  tabId: number;
}

export interface ViewerOptions {
  origin: Origin;
  /** The tracker to announce to (it need not be listening yet). */
  tracker: Pick<LocalTracker, "url">;
  /** Page of the origin to open, e.g. "/players.html". */
  path: string;
  /** Settings over the local-swarm preset (trackerAnnounce and no STUN). */
  settings?: StoredSettings;
  /** Sites the viewer enabled; the origin by default. */
  enabledSites?: string[];
  /** Per enabled site, the origins of embedded players the viewer shares there. */
  embeds?: Record<string, string[]>;
  /** The profile in extensions developer mode (needed for chrome.runtime.reload()). */
  developerMode?: boolean;
}

/** Opens a browser with the extension preset as given and the page loaded (not yet playing). */
export async function openViewer(
  options: ViewerOptions,
  browsers: ExtensionBrowser[],
): Promise<Viewer> {
  const { origin, tracker } = options;
  const browser = await launchWithExtension(TEST_EXTENSION_DIR, {
    developerMode: options.developerMode,
  });
  browsers.push(browser);
  const driver = new ExtensionDriver(browser.worker);
  const enabled = options.enabledSites ?? [origin.base];
  await driver.preset(
    { trackerAnnounce: [tracker.url], rtcConfig: { iceServers: [] }, ...options.settings },
    enabled,
  );
  if (enabled.includes(origin.base)) await driver.waitForPageScripts(`${origin.base}/*`);
  if (options.embeds !== undefined) {
    await driver.store({ [STORAGE_KEYS.embeds]: options.embeds });
    const frames = new Set(Object.values(options.embeds).flat());
    for (const frame of frames) await driver.waitForPageScripts(`${frame}/*`);
  }
  const page = await browser.context.newPage();
  page.on("pageerror", (error) => {
    console.error(`page error: ${error.message}`);
  });
  const url = `${origin.base}${options.path}`;
  await page.goto(url);
  const tabId = await driver.tabIdOf(url);
  return { browser, driver, page, tabId };
}

/**
 * The tab's stats once the engine has pushed them (every second) and `ready` holds for them,
 * waiting up to `timeoutMs`.
 */
export async function waitForStats(
  viewer: Pick<Viewer, "driver" | "tabId">,
  ready: (stats: TabStats) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<TabStats> {
  let last: TabStats | undefined;
  await waitFor(
    async () => {
      last = await viewer.driver.stats(viewer.tabId);
      return last !== undefined && ready(last);
    },
    timeoutMs,
    `tab ${String(viewer.tabId)}'s stats`,
  );
  if (last === undefined) throw new Error("no stats");
  return last;
}

/** warmUpInPage (warm-engine.ts) in a page or frame of a Chromium viewer. */
export async function warmEngine(page: Page | Frame, timeoutMs = 60_000): Promise<void> {
  await page.evaluate(warmUpInPage, { tag: ENVELOPE_TAG, timeoutMs });
}

/** Starts `count` viewers `gapMs` apart; each plays with `play` once its page is open. */
export async function staggered<T>(
  count: number,
  gapMs: number,
  start: (index: number) => Promise<T>,
): Promise<T[]> {
  const running: Promise<T>[] = [];
  for (let index = 0; index < count; index++) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    running.push(start(index));
  }
  return Promise.all(running);
}

const fileName = (url: string) => new URL(url).pathname.split("/").pop() ?? "";

/**
 * The checks every playback makes: it ended, no error the player calls fatal, every file of the
 * stream reached the player, and each segment the player got is byte-equal to the origin's file.
 */
export function expectIntactPlayback(
  label: string,
  result: PlayResult,
  files: readonly StreamSegment[],
  isFatal: (error: string) => boolean,
  /** Files a player may skip (a sliver of audio after the video's end). */
  optional: readonly string[] = [],
): void {
  expect(
    result.errors.filter((error) => isFatal(error)),
    `${label} fatal errors`,
  ).toEqual([]);
  expect(result.ended, `${label} ended (at ${String(result.currentTime)} s)`).toBe(true);
  const hashes = new Map(files.map((file) => [file.uri, file.sha256]));
  const received = result.segments.filter((segment) => segment.length > 0);
  const names = new Set(received.map((segment) => fileName(segment.url)));
  for (const name of optional) names.delete(name);
  expect(names, `${label} files`).toEqual(
    new Set([...hashes.keys()].filter((name) => !optional.includes(name))),
  );
  for (const segment of received) {
    const name = fileName(segment.url);
    expect(segment.sha256, `${label} ${name}`).toBe(hashes.get(name));
  }
}

/**
 * Bytes of the stream's files the origin served (to the browsers whose User-Agent `agent` matches,
 * or all; from `since` on, or ever): for each request of a file, the whole file, or the part its
 * Range header asked for (the engine's origin spot checks ask for a few KiB).
 */
export function originBytes(
  origin: Origin,
  prefix: string,
  files: readonly StreamSegment[],
  agent?: RegExp,
  since = 0,
) {
  const sizes = new Map(files.map((file) => [`${prefix}${file.uri}`, file.bytes]));
  let sum = 0;
  for (const { path, range, userAgent, at } of origin.requests) {
    const bytes = sizes.get(path);
    if (bytes === undefined || at < since) continue;
    if (agent !== undefined && !agent.test(userAgent)) continue;
    const match = /^bytes=(\d+)-(\d*)$/.exec(range ?? "");
    if (!match) {
      sum += bytes;
      continue;
    }
    const start = Number(match[1]);
    const end = Math.min(match[2] ? Number(match[2]) : bytes - 1, bytes - 1);
    sum += Math.max(0, end - start + 1);
  }
  return sum;
}

/** One line per viewer: HTTP, P2P and uploaded bytes and peers, as the engine counted them. */
export function describeStats(stats: readonly (TabStats | undefined)[]): string {
  return stats
    .map(
      (s, index) =>
        `viewer ${String(index + 1)}: http ${String(s?.httpBytes)} p2p ${String(s?.p2pBytes)} ` +
        `up ${String(s?.uploadedBytes)} peers ${String(s?.peers)}`,
    )
    .join("\n");
}
