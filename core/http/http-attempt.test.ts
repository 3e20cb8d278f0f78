import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LoaderError, type LoaderErrorCode } from "../errors.js";
import { SegmentBuffer } from "../segment-buffer.js";
import { runHttpAttempt } from "./http-attempt.js";
import { FetchHttpClient } from "./http-client.js";
import { type ByteRange, parseByteRange } from "./range.js";

const TOTAL = 50_000;
const RESOURCE = Uint8Array.from(
  { length: TOTAL },
  (_, index) => (index * 131 + (index >> 8)) & 0xff,
);

let server: Server;
let base: string;
/** Range header of every request, by path (undefined when absent). */
let seenRanges: (string | undefined)[];
/** Paths whose response was closed by the client before the server finished it. */
let closedEarly: string[];
const pendingTimers = new Set<ReturnType<typeof setTimeout>>();

/** Sends [start, end] of RESOURCE as a proper 206, or the whole as 200 without a Range. */
function serveRanged(req: IncomingMessage, res: ServerResponse): void {
  const header = req.headers.range;
  if (header === undefined) {
    res.writeHead(200, { "Content-Length": String(TOTAL), "Accept-Ranges": "bytes" });
    res.end(RESOURCE);
    return;
  }
  const range = parseByteRange(header);
  if (!range || range.start >= TOTAL) {
    res.writeHead(416, { "Content-Range": `bytes */${String(TOTAL)}` });
    res.end();
    return;
  }
  const end = Math.min(range.end ?? TOTAL - 1, TOTAL - 1);
  res.writeHead(206, {
    "Content-Length": String(end - range.start + 1),
    "Content-Range": `bytes ${String(range.start)}-${String(end)}/${String(TOTAL)}`,
  });
  res.end(RESOURCE.subarray(range.start, end + 1));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  seenRanges.push(req.headers.range);
  switch (url.pathname) {
    case "/file":
      serveRanged(req, res);
      return;
    case "/ignore-ranges":
      // Always the whole resource with 200, in small chunks so skipping spans several.
      res.writeHead(200, { "Content-Length": String(TOTAL) });
      for (let offset = 0; offset < TOTAL; offset += 997) {
        res.write(RESOURCE.subarray(offset, Math.min(TOTAL, offset + 997)));
      }
      res.end();
      return;
    case "/chunked":
      // No Content-Length: the size is known only at the end.
      res.writeHead(200);
      for (let offset = 0; offset < TOTAL; offset += 4096) {
        res.write(RESOURCE.subarray(offset, Math.min(TOTAL, offset + 4096)));
      }
      res.end();
      return;
    case "/short-range": {
      // A 206 with consistent headers for only half of what was asked.
      const range = parseByteRange(req.headers.range);
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? TOTAL - 1, TOTAL - 1);
      const half = start + Math.floor((end - start + 1) / 2) - 1;
      res.writeHead(206, {
        "Content-Length": String(half - start + 1),
        "Content-Range": `bytes ${String(start)}-${String(half)}/${String(TOTAL)}`,
      });
      res.end(RESOURCE.subarray(start, half + 1));
      return;
    }
    case "/wrong-length":
      // Announces more than it sends, then drops the connection.
      res.writeHead(200, { "Content-Length": String(TOTAL + 1000) });
      res.write(RESOURCE, () => {
        res.destroy();
      });
      return;
    case "/fail-mid-body":
      res.writeHead(200, { "Content-Length": String(TOTAL) });
      res.write(RESOURCE.subarray(0, TOTAL / 2), () => {
        res.destroy();
      });
      return;
    case "/slow": {
      // Sends a first part, then nothing more until the client gives up (or 5 s pass).
      res.writeHead(200, { "Content-Length": String(TOTAL) });
      res.write(RESOURCE.subarray(0, 1000));
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        res.end(RESOURCE.subarray(1000));
      }, 5000);
      pendingTimers.add(timer);
      res.on("close", () => {
        clearTimeout(timer);
        pendingTimers.delete(timer);
      });
      return;
    }
    case "/ignore-ranges-slow": {
      // Ignores the range and then stalls: only a client that cancels the body closes this.
      res.writeHead(200, { "Content-Length": String(TOTAL) });
      res.write(RESOURCE.subarray(0, 1000));
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        res.end(RESOURCE.subarray(1000));
      }, 5000);
      pendingTimers.add(timer);
      res.on("close", () => {
        clearTimeout(timer);
        pendingTimers.delete(timer);
        if (!res.writableFinished) closedEarly.push(url.pathname);
      });
      return;
    }
    case "/redirect":
      res.writeHead(302, { Location: "/file" });
      res.end();
      return;
    default:
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  for (const timer of pendingTimers) clearTimeout(timer);
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
});

beforeEach(() => {
  seenRanges = [];
  closedEarly = [];
});

interface Run {
  path: string;
  segmentRange?: ByteRange;
  /** Bytes of the segment already held (a resume). */
  offset?: number;
  signal?: AbortSignal;
  onBytes?: (count: number) => void;
}

async function run(options: Run) {
  const buffer = new SegmentBuffer(1024 * 1024);
  const segmentStart = options.segmentRange?.start ?? 0;
  if (options.offset) buffer.append(RESOURCE.slice(segmentStart, segmentStart + options.offset));
  let counted = 0;
  const responseUrls: string[] = [];
  await runHttpAttempt({
    client: new FetchHttpClient(),
    url: base + options.path,
    segmentRange: options.segmentRange,
    buffer,
    signal: options.signal ?? new AbortController().signal,
    onBytes: (count) => {
      counted += count;
      options.onBytes?.(count);
    },
    onResponseUrl: (url) => responseUrls.push(url),
  });
  return { buffer, counted, responseUrls };
}

async function expectLoaderError(promise: Promise<unknown>, code: LoaderErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LoaderError);
  expect((caught as LoaderError).code).toBe(code);
}

describe("runHttpAttempt over FetchHttpClient", () => {
  it("fetches a whole resource", async () => {
    const { buffer, counted, responseUrls } = await run({ path: "/file" });
    expect(seenRanges).toEqual([undefined]);
    expect(buffer.totalSize).toBe(TOTAL);
    expect(buffer.isFull).toBe(true);
    expect(buffer.read(0, TOTAL)).toEqual(RESOURCE);
    expect(counted).toBe(TOTAL);
    expect(responseUrls).toEqual([`${base}/file`]);
  });

  it("fetches a whole resource sent without Content-Length", async () => {
    const { buffer } = await run({ path: "/chunked" });
    expect(buffer.totalSize).toBe(TOTAL);
    expect(buffer.read(0, TOTAL)).toEqual(RESOURCE);
  });

  it("reports the final URL after a redirect", async () => {
    const { buffer, responseUrls } = await run({ path: "/redirect" });
    expect(responseUrls).toEqual([`${base}/file`]);
    expect(buffer.read(0, TOTAL)).toEqual(RESOURCE);
  });

  it("fetches a segment's byte range", async () => {
    const { buffer, counted } = await run({
      path: "/file",
      segmentRange: { start: 1000, end: 2999 },
    });
    expect(seenRanges).toEqual(["bytes=1000-2999"]);
    expect(buffer.totalSize).toBe(2000);
    expect(buffer.read(0, 2000)).toEqual(RESOURCE.slice(1000, 3000));
    expect(counted).toBe(2000);
  });

  it("resumes a whole resource from an offset with a 206", async () => {
    const { buffer, counted } = await run({ path: "/file", offset: 12_345 });
    expect(seenRanges).toEqual(["bytes=12345-"]);
    expect(buffer.totalSize).toBe(TOTAL);
    expect(buffer.read(0, TOTAL)).toEqual(RESOURCE);
    expect(counted).toBe(TOTAL - 12_345);
  });

  it("resumes a segment range from an offset", async () => {
    const { buffer, counted } = await run({
      path: "/file",
      segmentRange: { start: 1000, end: 2999 },
      offset: 500,
    });
    expect(seenRanges).toEqual(["bytes=1500-2999"]);
    expect(buffer.read(0, 2000)).toEqual(RESOURCE.slice(1000, 3000));
    expect(counted).toBe(1500);
  });

  it("resumes from a server that ignores ranges by skipping the bytes already held", async () => {
    const { buffer, counted } = await run({ path: "/ignore-ranges", offset: 12_345 });
    expect(seenRanges).toEqual(["bytes=12345-"]);
    expect(buffer.totalSize).toBe(TOTAL);
    expect(buffer.received).toBe(TOTAL);
    expect(buffer.read(0, TOTAL)).toEqual(RESOURCE);
    expect(counted).toBe(TOTAL - 12_345);
  });

  it("a segment range ignored by the server is http-range-ignored", async () => {
    await expectLoaderError(
      run({ path: "/ignore-ranges", segmentRange: { start: 100, end: 199 } }),
      "http-range-ignored",
    );
  });

  it("a segment range ignored on resume is http-range-ignored", async () => {
    await expectLoaderError(
      run({ path: "/ignore-ranges", segmentRange: { start: 100, end: 199 }, offset: 10 }),
      "http-range-ignored",
    );
  });

  it("a failed attempt does not leave the response body open", async () => {
    await expectLoaderError(
      run({ path: "/ignore-ranges-slow", segmentRange: { start: 100, end: 199 } }),
      "http-range-ignored",
    );
    // The body must be cancelled, closing the connection well before the server's 5 s stall ends.
    await expect
      .poll(() => closedEarly, { timeout: 2000, interval: 50 })
      .toEqual(["/ignore-ranges-slow"]);
  });

  it("404 is http-status", async () => {
    await expectLoaderError(run({ path: "/missing" }), "http-status");
  });

  it("416 is http-status", async () => {
    await expectLoaderError(
      run({ path: "/file", segmentRange: { start: TOTAL, end: TOTAL + 9 } }),
      "http-status",
    );
  });

  it("a short body for a segment range is size-mismatch", async () => {
    await expectLoaderError(
      run({ path: "/short-range", segmentRange: { start: 0, end: 999 } }),
      "size-mismatch",
    );
  });

  it("a short 206 body on resume (Content-Range total larger) is size-mismatch", async () => {
    await expectLoaderError(run({ path: "/short-range", offset: 100 }), "size-mismatch");
  });

  it("a body that ends before its Content-Length fails as http-network", async () => {
    await expectLoaderError(run({ path: "/wrong-length" }), "http-network");
  });

  it("a connection dropped mid-body fails as http-network", async () => {
    await expectLoaderError(run({ path: "/fail-mid-body" }), "http-network");
  });

  it("an abort during the body is http-aborted", async () => {
    const controller = new AbortController();
    await expectLoaderError(
      run({
        path: "/slow",
        signal: controller.signal,
        onBytes: () => {
          controller.abort();
        },
      }),
      "http-aborted",
    );
  });

  it("an abort before the request is http-aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expectLoaderError(run({ path: "/file", signal: controller.signal }), "http-aborted");
  });
});

describe("FetchHttpClient", () => {
  it("sends the Range header given, and none when none is given", async () => {
    const client = new FetchHttpClient();
    const statuses: number[] = [];
    const request = (range: string | undefined) =>
      client.request({
        url: `${base}/file`,
        range,
        signal: new AbortController().signal,
        onResponse: (info) => statuses.push(info.status),
        onChunk: () => undefined,
      });
    await request(undefined);
    await request("bytes=5-9");
    expect(seenRanges).toEqual([undefined, "bytes=5-9"]);
    expect(statuses).toEqual([200, 206]);
  });

  it("reports length and Content-Range total", async () => {
    const infos: unknown[] = [];
    await new FetchHttpClient().request({
      url: `${base}/file`,
      range: "bytes=10-19",
      signal: new AbortController().signal,
      onResponse: (info) => infos.push(info),
      onChunk: () => undefined,
    });
    expect(infos).toEqual([
      { status: 206, length: 10, rangeTotal: TOTAL, responseUrl: `${base}/file` },
    ]);
  });

  it("a refused connection is http-network", async () => {
    // A loopback port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) =>
      probe.close(() => {
        resolve();
      }),
    );
    await expectLoaderError(
      new FetchHttpClient().request({
        url: `http://127.0.0.1:${String(port)}/x`,
        range: undefined,
        signal: new AbortController().signal,
        onResponse: () => undefined,
        onChunk: () => undefined,
      }),
      "http-network",
    );
  });

  it("an error thrown by onChunk propagates as is", async () => {
    const thrown = new LoaderError("segment-too-large", "test");
    let caught: unknown;
    try {
      await new FetchHttpClient().request({
        url: `${base}/file`,
        range: undefined,
        signal: new AbortController().signal,
        onResponse: () => undefined,
        onChunk: () => {
          throw thrown;
        },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(thrown);
  });
});
