import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

export interface OriginServer {
  /** Base URL ending in "/". */
  baseUrl: string;
  /** Body bytes served so far (all files), and per path. */
  servedBytes(): number;
  servedBytesByPath(): Map<string, number>;
  /** The same per path, for the requests whose User-Agent header is exactly `userAgent`. */
  servedBytesByPathFor(userAgent: string): Map<string, number>;
  /**
   * Per path, one copy of every distinct response (a path and byte range counted once, however
   * often it was asked for): what the origin must serve at least once for what the viewers got.
   */
  servedOnceByPath(): Map<string, number>;
  requests(): number;
  close(): Promise<void>;
}

/** A body `routes` answers with (sent and counted like a file). */
export interface RoutedBody {
  body: Buffer;
  type: string;
}

/**
 * Answers a request path before the files under `root`: a body, `null` for a 404 (a live segment
 * not published yet), or `undefined` to serve the file as usual.
 */
export type OriginRoutes = (path: string) => Promise<RoutedBody | null | undefined>;

const types: Record<string, string> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".mpd": "application/dash+xml",
  ".ts": "video/mp2t",
  ".m4s": "video/iso.segment",
  ".mp4": "video/mp4",
};

/**
 * A static file server for test streams on a loopback address, like a CDN: Range requests
 * (206), CORS, and a count of every body byte it sends. `routes` may answer some paths itself
 * (pages, scripts, a live playlist made on the fly).
 */
export async function startOrigin(
  root: string,
  options: { host?: string; bytesPerSecond?: number; routes?: OriginRoutes } = {},
): Promise<OriginServer> {
  const host = options.host ?? "127.0.0.1";
  let total = 0;
  let requestCount = 0;
  const byPath = new Map<string, number>();
  const byAgent = new Map<string, Map<string, number>>();
  /** Responses already counted once (path and range), and those bytes per path. */
  const seen = new Set<string>();
  const onceByPath = new Map<string, number>();
  const count = (path: string, bytes: number, agent: string) => {
    total += bytes;
    byPath.set(path, (byPath.get(path) ?? 0) + bytes);
    const paths = byAgent.get(agent) ?? new Map<string, number>();
    byAgent.set(agent, paths);
    paths.set(path, (paths.get(path) ?? 0) + bytes);
  };

  /** Sends the body, counting only the bytes actually written. */
  const send = (request: IncomingMessage, response: ServerResponse, path: string, body: Buffer) => {
    const agent = request.headers["user-agent"] ?? "";
    const key = `${path} ${request.headers.range ?? ""}`;
    if (!seen.has(key)) {
      seen.add(key);
      onceByPath.set(path, (onceByPath.get(path) ?? 0) + body.length);
    }
    if (options.bytesPerSecond === undefined) {
      count(path, body.length, agent);
      response.end(body);
      return;
    }
    // A slow CDN: 16 KiB at a time, paced to the given rate.
    const chunk = 16 * 1024;
    const pause = (1000 * chunk) / options.bytesPerSecond;
    let offset = 0;
    const next = () => {
      if (response.destroyed) return;
      const part = body.subarray(offset, offset + chunk);
      count(path, part.length, agent);
      response.write(part);
      offset += chunk;
      if (offset >= body.length) response.end();
      else setTimeout(next, pause);
    };
    next();
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    requestCount++;
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.setHeader("Access-Control-Allow-Headers", "Range");
    response.setHeader("Access-Control-Expose-Headers", "Content-Length, Content-Range");
    if (request.method === "OPTIONS") {
      response.writeHead(204).end();
      return;
    }
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
    if (path.includes("..")) {
      response.writeHead(400).end();
      return;
    }
    const routed = await options.routes?.(path);
    let body: Buffer;
    try {
      if (routed === null) throw new Error("not found");
      body = routed?.body ?? (await readFile(join(root, path)));
    } catch {
      response.writeHead(404).end();
      return;
    }
    if (routed) response.setHeader("Cache-Control", "no-store");
    response.setHeader(
      "Content-Type",
      routed?.type ?? types[extname(path)] ?? "application/octet-stream",
    );
    response.setHeader("Accept-Ranges", "bytes");
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      if (start > end || start >= body.length) {
        response.writeHead(416, { "Content-Range": `bytes */${String(body.length)}` }).end();
        return;
      }
      const slice = body.subarray(start, end + 1);
      response.writeHead(206, {
        "Content-Length": slice.length,
        "Content-Range": `bytes ${String(start)}-${String(end)}/${String(body.length)}`,
      });
      send(request, response, path, slice);
      return;
    }
    response.writeHead(200, { "Content-Length": body.length });
    send(request, response, path, body);
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host}:${String(port)}/`,
    servedBytes: () => total,
    servedBytesByPath: () => new Map(byPath),
    servedBytesByPathFor: (userAgent) => new Map(byAgent.get(userAgent)),
    servedOnceByPath: () => new Map(onceByPath),
    requests: () => requestCount,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
