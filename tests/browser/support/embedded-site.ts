/**
 * The embedded-player tests' world (Chromium's and Firefox's): a video platform (its player page
 * with the player drivers, an ffmpeg stream and the tracker: players-origin.ts) and a news site
 * whose article embeds the player page in a 640x360 iframe (plus a 1x1 frame of the same origin,
 * which is no player). Also the page functions the tests run in a frame, written once for
 * Playwright's and Puppeteer's `evaluate` (one argument, nothing closed over).
 */
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import type { PlayResult } from "./intercept-players";
import { waitFor } from "./wait-for";
import { startOrigin, type Origin } from "./intercept-server";
import { startPlayersSite, type PlayersSite } from "./players-origin";

export interface EmbeddedSite {
  stream: HlsStream;
  /** The video platform. */
  player: PlayersSite;
  /** The news site; its page /article.html embeds the player's page. */
  news: Origin;
  playerPageUrl: string;
  streamUrl: string;
  /** The viewer's choice that shares the player on the news site (STORAGE_KEYS.embeds). */
  embeds: Record<string, string[]>;
  /**
   * Whole segments the player's origin has served so far (the engine's spot checks of peer
   * bytes are small range requests: not counted).
   */
  wholeSegmentsServed(): number;
  close(): Promise<void>;
}

export const ARTICLE_PATH = "/article.html";

export async function startEmbeddedSite(): Promise<EmbeddedSite> {
  const stream = await makeHlsVod({
    seconds: 12,
    segmentSeconds: 2,
    bitrate: "1000k",
    size: "640x360",
  });
  const player = await startPlayersSite({ vod: stream.dir });
  const playerPageUrl = `${player.origin.base}/players.html`;
  const news = await startOrigin({
    bundles: { "/hook.js": "" },
    streams: {},
    pages: {
      [ARTICLE_PATH]: `<!doctype html><html><head><meta charset="utf-8"><title>News</title></head><body><h1>An article</h1><iframe src="${playerPageUrl}" width="640" height="360" allow="autoplay; fullscreen"></iframe><iframe src="${player.origin.base}/blank.html" width="1" height="1"></iframe></body></html>`,
    },
  });
  const paths = new Set(stream.segments.map((segment) => `/streams/vod/${segment.uri}`));
  return {
    stream,
    player,
    news,
    playerPageUrl,
    streamUrl: `${player.origin.base}/streams/vod/index.m3u8`,
    embeds: { [news.base]: [player.origin.base] },
    wholeSegmentsServed: () =>
      player.origin.requests.filter(
        (request) => paths.has(request.path) && request.range === undefined,
      ).length,
    close: async () => {
      await news.close();
      await player.close();
    },
  };
}

/** A frame as Playwright and Puppeteer both have it. */
interface FrameLike {
  url(): string;
  evaluate<R>(pageFunction: () => R): Promise<R>;
}

/** The article's player frame among `frames()`, once its player drivers are loaded. */
export async function playerFrameOf<F extends FrameLike>(
  frames: () => F[],
  site: Pick<EmbeddedSite, "playerPageUrl">,
  timeoutMs = 60_000,
): Promise<F> {
  let found: F | undefined;
  await waitFor(
    async () => {
      found = frames().find((frame) => frame.url() === site.playerPageUrl);
      return found !== undefined && (await found.evaluate(() => "__players" in window));
    },
    timeoutMs,
    "the player frame",
  );
  if (!found) throw new Error("no player frame");
  return found;
}

/**
 * Plays the stream with hls.js in the page; in real time (1x, 4 s ahead) for a viewer who takes
 * from peers, else at the drivers' 4x.
 */
export function playInPage({
  url,
  realTime,
}: {
  url: string;
  realTime: boolean;
}): Promise<PlayResult> {
  window.__players.setPlaybackRate(realTime ? 1 : 4);
  return window.__players.hls(url, false, 120_000, realTime ? 4 : undefined);
}

/** Whether the page's fetch is the hook's wrapper, read through a fresh frame's toString. */
export function isHookedInPage(): boolean {
  const probe = document.createElement("iframe");
  document.body.append(probe);
  const prototype = (probe.contentWindow as typeof window).Function.prototype;
  const toString: unknown = Reflect.get(prototype, "toString");
  const source = Reflect.apply(toString as () => string, Reflect.get(window, "fetch"), []);
  probe.remove();
  return !source.includes("[native code]");
}

/** What the relay answers a request: the engine's reply, or why it was refused. */
export type RelayProbeReply = { ok: true; type: string } | { ok: false; error: string };

/** Asks the page's relay to load a swarm as the hook would; resolves with its reply. */
export function probeRelayInPage({
  tag,
  id,
}: {
  tag: string;
  id: number;
}): Promise<RelayProbeReply> {
  return new Promise<RelayProbeReply>((resolve) => {
    window.addEventListener("message", (event: MessageEvent) => {
      const data = event.data as {
        tag?: string;
        direction?: string;
        id?: number;
        reply?: RelayProbeReply;
      } | null;
      if (data?.tag === tag && data.direction === "to-hook" && data.id === id && data.reply) {
        resolve(data.reply);
      }
    });
    const message = { type: "relay/load", swarmId: "probe", segments: [] };
    window.postMessage({ tag, direction: "to-relay", id, message }, "*");
  });
}

/** Far from the ids the hook numbers its own requests with. */
export const PROBE_ID = 987_654_321;
