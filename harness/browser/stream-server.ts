/**
 * The stream server of the browser swarm (demo and benchmark): one local origin that serves the
 * viewer pages (a page per player, loading the player from node_modules and the viewer script),
 * the ffmpeg-made HLS and DASH streams as VOD files, an HLS live sliding window over the same
 * segments (live-window.ts, published by wall clock), and any extra static pages a caller brings
 * (the P2P Media Loader page). It counts every body byte it serves, split into segments,
 * manifests and the rest (pages and scripts), in all and per User-Agent (a Firefox viewer's
 * profile sends its own: firefox.ts).
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, extname } from "node:path";
import { startOrigin, type RoutedBody } from "../origin-server.js";
import type { DashStream, HlsStream } from "../streams.js";
import { livePlaylist, type LiveWindowOptions } from "./live-window.js";
import type { PlayerName } from "./players.js";
import { vendorFile } from "./vendor.js";

/** The /vendor/ script each player's page loads. */
const PLAYER_SCRIPT: Record<PlayerName, string> = {
  hls: "hls.js",
  shaka: "shaka.js",
  dashjs: "dash.js",
  videojs: "video.js",
};

/** A file a caller serves as is, e.g. a page and its bundle. */
export interface StaticFile {
  body: string | Buffer;
  type: string;
}

export interface StreamServerOptions {
  hls: HlsStream;
  /** Served under its own folder when given (the DASH players need it). */
  dash?: DashStream;
  /** The browser-side viewer script (viewer-page.ts bundled), served as /viewer.js. */
  viewerScript: string;
  /** The sliding window of /<hls folder>/live.m3u8; the clock starts with the server. */
  live: Omit<LiveWindowOptions, "segments">;
  /** More files by path ("/p2pml.html", "/p2pml.js"), e.g. another P2P loader's page. */
  files?: Record<string, StaticFile>;
  host?: string;
  now?: () => number;
}

export interface ServedBytes {
  segments: number;
  manifests: number;
  other: number;
}

export interface StreamServer {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:41234 */
  base: string;
  /** The page that plays with `player` (loads it and /viewer.js). */
  pageUrl(player: PlayerName): string;
  /** Manifest URLs: HLS VOD, HLS live (sliding window), DASH VOD. */
  hlsVodUrl: string;
  hlsLiveUrl: string;
  dashVodUrl: string | undefined;
  served(): ServedBytes;
  /** What it served to requests whose User-Agent is exactly `userAgent` (one browser profile). */
  servedTo(userAgent: string): ServedBytes;
  /** One copy of every distinct response it served (OriginServer.servedOnceByPath). */
  servedOnce(): ServedBytes;
  close(): Promise<void>;
}

const SEGMENT = /\.(ts|m4s|mp4|aac)$/;
const MANIFEST = /\.(m3u8|mpd)$/;

const html = (player: PlayerName) =>
  "<!doctype html><html><head><meta charset='utf-8'><title>viewer</title>" +
  "<style>body{margin:0;background:#111;color:#ddd;font:14px sans-serif}" +
  "video{display:block;width:100%;max-height:calc(100vh - 30px);background:#000}#caption{padding:4px 8px}</style>" +
  `<script src='/vendor/${PLAYER_SCRIPT[player]}'></script><script src='/viewer.js'></script>` +
  "</head><body><div id='caption'></div></body></html>";

function classify(byPath: ReadonlyMap<string, number>): ServedBytes {
  const bytes: ServedBytes = { segments: 0, manifests: 0, other: 0 };
  for (const [path, count] of byPath) {
    const ext = extname(path);
    if (SEGMENT.test(ext)) bytes.segments += count;
    else if (MANIFEST.test(ext)) bytes.manifests += count;
    else bytes.other += count;
  }
  return bytes;
}

export async function startStreamServer(options: StreamServerOptions): Promise<StreamServer> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const hlsFolder = basename(options.hls.dir);
  const dashFolder = options.dash === undefined ? undefined : basename(options.dash.dir);
  const live: LiveWindowOptions = { ...options.live, segments: options.hls.segments };
  const vendorCache = new Map<string, Buffer>();
  const text = (body: string, type: string): RoutedBody => ({ body: Buffer.from(body), type });

  const routes = async (path: string): Promise<RoutedBody | null | undefined> => {
    const page = /^\/watch-(hls|shaka|dashjs|videojs)\.html$/.exec(path)?.[1] as
      PlayerName | undefined;
    if (page !== undefined) return text(html(page), "text/html; charset=utf-8");
    if (path === "/viewer.js") return text(options.viewerScript, "text/javascript");
    if (path === `/${hlsFolder}/live.m3u8`) {
      return text(livePlaylist(live, now() - startedAt), "application/vnd.apple.mpegurl");
    }
    const extra = options.files?.[path];
    if (extra !== undefined) {
      const body = typeof extra.body === "string" ? Buffer.from(extra.body) : extra.body;
      return { body, type: extra.type };
    }
    const vendor = path.startsWith("/vendor/") ? vendorFile(path.slice(8)) : undefined;
    if (vendor !== undefined) {
      const body = vendorCache.get(vendor) ?? (await readFile(vendor));
      vendorCache.set(vendor, body);
      return { body, type: "text/javascript" };
    }
    // Only the two stream folders are served from the cache root.
    const folder = path.split("/")[1];
    return folder === hlsFolder || (folder !== undefined && folder === dashFolder)
      ? undefined
      : null;
  };

  const origin = await startOrigin(dirname(options.hls.dir), {
    host: options.host ?? "127.0.0.1",
    routes,
  });
  const base = origin.baseUrl.replace(/\/$/, "");
  const manifestName = (path: string) => basename(path);
  return {
    base,
    pageUrl: (player) => `${base}/watch-${player}.html`,
    hlsVodUrl: `${base}/${hlsFolder}/${manifestName(options.hls.playlist)}`,
    hlsLiveUrl: `${base}/${hlsFolder}/live.m3u8`,
    dashVodUrl:
      options.dash === undefined || dashFolder === undefined
        ? undefined
        : `${base}/${dashFolder}/${manifestName(options.dash.manifest)}`,
    served: () => classify(origin.servedBytesByPath()),
    servedTo: (userAgent) => classify(origin.servedBytesByPathFor(userAgent)),
    servedOnce: () => classify(origin.servedOnceByPath()),
    close: () => origin.close(),
  };
}
