/**
 * The seam to the P2P Media Loader page (harness/p2pml/, the benchmark's anchor): what the swarm
 * serves for it and how a viewer drives it. The page exposes
 *   `window.__p2pml.play(manifestUrl, { trackerUrl, timeoutMs })`, which resolves when playback
 *   ends (so the runner starts it without waiting), and
 *   `window.__p2pml.stats()` -> { httpBytes, p2pBytes, uploadedBytes, peers }.
 * Typed here by shape only, so this runner does not depend on that module.
 */
import type { Page } from "playwright-core";
import type { StaticFile } from "./stream-server.js";

/** Bytes by source and peers, as a P2P loader counts them. */
export interface LoaderCounters {
  httpBytes: number;
  p2pBytes: number;
  uploadedBytes: number;
  peers: number;
}

/** The page as the stream server serves it: files by path, and the page to open. */
export interface P2pmlPage {
  files: Record<string, StaticFile>;
  /** e.g. "/p2pml.html"; the page loads hls.js and P2P Media Loader itself. */
  path: string;
}

interface P2pmlWindow {
  __p2pml: {
    play(url: string, options: { trackerUrl: string; timeoutMs: number }): Promise<unknown>;
    stats(): LoaderCounters;
  };
}

/**
 * The page from harness/p2pml's `p2pmlPage()` ({ html, js }, the html loading the js from
 * `scriptPath`) as files to serve.
 */
export function p2pmlPageFiles(
  page: { html: string; js: string },
  scriptPath = "/p2pml.js",
): P2pmlPage {
  return {
    path: "/p2pml.html",
    files: {
      "/p2pml.html": { body: page.html, type: "text/html; charset=utf-8" },
      [scriptPath]: { body: page.js, type: "text/javascript" },
    },
  };
}

/** Starts playback in the page (after starting the probe's clock) and returns at once. */
export async function startP2pmlPlayback(
  page: Page,
  options: { manifestUrl: string; trackerUrl: string; timeoutMs: number },
): Promise<void> {
  await page.evaluate(({ manifestUrl, trackerUrl, timeoutMs }) => {
    window.__probe.start();
    void (window as unknown as P2pmlWindow).__p2pml.play(manifestUrl, { trackerUrl, timeoutMs });
  }, options);
}

export function readP2pmlStats(page: Page): Promise<LoaderCounters> {
  return page.evaluate(() => (window as unknown as P2pmlWindow).__p2pml.stats());
}
