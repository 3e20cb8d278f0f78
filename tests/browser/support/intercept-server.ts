/**
 * The local origin of the intercept tests (node:http on 127.0.0.1, port 0): test pages, the hook
 * bundles, players from node_modules, ffmpeg-made streams, and deterministic test bodies. It
 * counts the requests of every path so tests can tell what came from the network.
 */
import { readFile } from "node:fs/promises";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { vendorFile } from "../../../harness/browser/vendor";

const TYPES: Record<string, string> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".mpd": "application/dash+xml",
  ".ts": "video/mp2t",
  ".m4s": "video/iso.segment",
  ".mp4": "video/mp4",
  ".js": "text/javascript",
};

/** Bodies already made, by name and size (making 1 MiB takes tens of ms; benchmarks repeat). */
const bodies = new Map<string, Uint8Array>();

/** Deterministic bytes of /data/<name>?size=N: the same name and size always give the same body. */
export function testBody(name: string, size: number): Uint8Array {
  const key = `${name}\n${String(size)}`;
  const known = bodies.get(key);
  if (known) return known;
  const body = makeBody(name, size);
  if (size <= 16 * 1024 * 1024) bodies.set(key, body);
  return body;
}

function makeBody(name: string, size: number): Uint8Array {
  let seed = 7;
  for (const char of name) seed = (seed * 31 + char.charCodeAt(0)) & 0xffff;
  return Uint8Array.from(
    { length: size },
    (_, index) => (index * 131 + (index >> 8) + seed) & 0xff,
  );
}

export interface OriginOptions {
  /** JavaScript bundles by path ("/hook.js", "/players.js"). */
  bundles: Record<string, string>;
  /**
   * Folders served under /streams/<name>/, for the fake engine under /cache/streams/<name>/, and
   * as /watch/<file>?v=<name>.
   */
  streams: Record<string, string>;
  /** More HTML pages by path (served as given, before the built-in ones). */
  pages?: Record<string, string>;
}

export interface Origin {
  base: string;
  /** Requests seen, by path (without query). */
  hits: Map<string, number>;
  /** Range header of each request, by path. */
  ranges: Map<string, (string | undefined)[]>;
  /** Every request in order: path, Range header, User-Agent (tells browsers apart), when (ms). */
  requests: { path: string; range: string | undefined; userAgent: string; at: number }[];
  close(): Promise<void>;
}

const page = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><script src="/hook.js"></script>${body}</head><body></body></html>`;

const PAGES: Record<string, string> = {
  "/blank.html": page(""),
  "/players.html": page(
    '<script src="/vendor/hls.js"></script><script src="/vendor/dash.js"></script>' +
      '<script src="/players.js"></script>',
  ),
  // One player per page for the players /players.html does not load (the intercept tests'
  // page stays as it was).
  "/shaka.html": page(
    '<script src="/vendor/shaka.js"></script><script src="/players.js"></script>',
  ),
  "/videojs.html": page(
    '<script src="/vendor/video.js"></script><script src="/players.js"></script>',
  ),
};

function sendBytes(req: IncomingMessage, res: ServerResponse, bytes: Uint8Array, type: string) {
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
  if (range?.[1] !== undefined) {
    const start = Number(range[1]);
    const end = range[2] ? Math.min(Number(range[2]), bytes.byteLength - 1) : bytes.byteLength - 1;
    res.writeHead(206, {
      "Content-Type": type,
      "Content-Length": String(end - start + 1),
      "Content-Range": `bytes ${String(start)}-${String(end)}/${String(bytes.byteLength)}`,
    });
    res.end(bytes.subarray(start, end + 1));
    return;
  }
  res.writeHead(200, { "Content-Type": type, "Content-Length": String(bytes.byteLength) });
  res.end(bytes);
}

async function serveFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const bytes = await readFile(file);
  sendBytes(req, res, bytes, TYPES[extname(file)] ?? "application/octet-stream");
}

/**
 * /watch/<file>?v=<name>: a site that names the video only in a query parameter. The stream
 * <name>'s file; a playlist's URI lines get the same `?v=<name>`, so its segment URLs differ
 * from another video's only by that parameter.
 */
async function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  streams: Record<string, string>,
): Promise<boolean> {
  const name = url.searchParams.get("v");
  const file =
    name === null
      ? undefined
      : streamFile(url.pathname.replace(/^\/watch\//, `/streams/${name}/`), streams);
  if (!url.pathname.startsWith("/watch/") || name === null || file === undefined) return false;
  if (extname(file) !== ".m3u8") {
    await serveFile(req, res, file);
    return true;
  }
  const query = `?v=${encodeURIComponent(name)}`;
  const text = (await readFile(file, "utf8"))
    .split("\n")
    .map((line) => (line === "" || line.startsWith("#") ? line : `${line}${query}`))
    .join("\n");
  sendBytes(req, res, new TextEncoder().encode(text), TYPES[".m3u8"] ?? "");
  return true;
}

/** /streams/<name>/<file> or /cache/streams/<name>/<file> -> the file, if inside the stream. */
function streamFile(path: string, streams: Record<string, string>): string | undefined {
  const match = /^(?:\/cache)?\/streams\/([^/]+)\/(.+)$/.exec(path);
  const dir = match?.[1] !== undefined ? streams[match[1]] : undefined;
  if (dir === undefined || match?.[2] === undefined) return undefined;
  const file = normalize(join(dir, match[2]));
  return file.startsWith(dir) ? file : undefined;
}

export async function startOrigin(options: OriginOptions): Promise<Origin> {
  const hits = new Map<string, number>();
  const ranges = new Map<string, (string | undefined)[]>();
  const requests: Origin["requests"] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // No Date header: tests compare responses with and without the hook, which may straddle a second.
    res.sendDate = false;
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    ranges.set(path, [...(ranges.get(path) ?? []), req.headers.range]);
    const userAgent = req.headers["user-agent"] ?? "";
    requests.push({ path, range: req.headers.range, userAgent, at: Date.now() });
    const delay = Number(url.searchParams.get("delay") ?? "0");
    if (delay > 0) await new Promise((done) => setTimeout(done, delay));
    const html = options.pages?.[path] ?? PAGES[path];
    const bundle = options.bundles[path];
    const vendor = vendorFile(path.replace(/^\/vendor\//, ""));
    const stream = streamFile(path, options.streams);
    const dataName = /^(?:\/cache)?\/data\/([\w.-]+)$/.exec(path)?.[1];
    if (await serveWatch(req, res, url, options.streams)) return;
    if (html !== undefined) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(html);
    } else if (bundle !== undefined) {
      res.writeHead(200, { "Content-Type": "text/javascript" });
      res.end(bundle);
    } else if (path.startsWith("/vendor/") && vendor !== undefined) {
      await serveFile(req, res, vendor);
    } else if (stream !== undefined) {
      await serveFile(req, res, stream);
    } else if (dataName !== undefined) {
      const size = Number(url.searchParams.get("size") ?? "1000");
      const type = url.searchParams.get("type") ?? "application/octet-stream";
      sendBytes(req, res, testBody(dataName, size), type);
    } else {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
    }
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${String(port)}`,
    hits,
    ranges,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => {
          done();
        });
      }),
  };
}
