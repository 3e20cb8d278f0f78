/**
 * The fetch wrapper in real Chromium: pass-through, manifest observation, engine answers, and
 * every way the engine can fail (falling back to the original request, with a copy for the
 * engine).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type InterceptRig, startRig } from "../support/intercept-browser.js";
import {
  configure,
  pageFetch,
  sha256,
  sourceLog,
  waitForLog,
} from "../support/intercept-page-calls.js";
import { testBody } from "../support/intercept-server.js";
import type { FetchOptions } from "../support/intercept-types.js";

let rig: InterceptRig;
let hooked: Page;
let plain: Page;
let counter = 0;

/** A fresh /data URL (so origin hit counts are per test) and the bytes the origin sends for it. */
function data(prefix: string, size: number, extension = ".ts") {
  counter += 1;
  const name = `${prefix}${String(counter)}${extension}`;
  return {
    path: `/data/${name}`,
    url: `/data/${name}?size=${String(size)}`,
    body: testBody(name, size),
  };
}

const INPUTS: FetchOptions["as"][] = ["string", "url", "request", "relative"];

beforeAll(async () => {
  rig = await startRig();
  hooked = await rig.open("/blank.html");
  plain = await rig.open("/blank.html?hook=0");
});
afterAll(async () => {
  await rig.close();
});
beforeEach(async () => {
  await hooked.evaluate(() => {
    window.__itest.clearLog();
  });
  await configure(hooked, {
    match: null,
    engine: "miss",
    engineDelayMs: 0,
    deadlineMs: 2000,
    size: undefined,
    manifest: null,
    serveEvery: 1,
  });
});

describe("fetch pass-through", () => {
  it("gives unmatched requests the same response as without the hook, for every input kind", async () => {
    for (const as of INPUTS) {
      const { url, body } = data("plain", 300_000, ".bin");
      const withHook = await pageFetch(hooked, url, { as });
      const withoutHook = await pageFetch(plain, url, { as });
      expect(withHook.error).toBeNull();
      expect({ ...withHook, headersMs: 0, bodyMs: 0 }).toEqual({
        ...withoutHook,
        headersMs: 0,
        bodyMs: 0,
      });
      expect(withHook.sha256).toBe(sha256(body));
      expect(withHook.status).toBe(200);
    }
  });

  it("adds no wait to unmatched requests", async () => {
    // A hanging engine and a long deadline: only a match could make a request wait.
    await configure(hooked, { match: "never-matches", engine: "hang", deadlineMs: 5000 });
    const timings = async (page: Page) => {
      const ms: number[] = [];
      for (let index = 0; index < 15; index += 1) {
        ms.push((await pageFetch(page, data("quick", 1000).url, { as: "string" })).headersMs);
      }
      return ms.sort((a, b) => a - b)[7] ?? Infinity;
    };
    const hookedMedian = await timings(hooked);
    const plainMedian = await timings(plain);
    expect(hookedMedian).toBeLessThan(plainMedian + 10);
    expect((await sourceLog(hooked)).matched).toEqual([]);
  });

  it("passes odd inputs through to the native fetch, which answers as it would", async () => {
    const oddCalls = (page: Page) =>
      page.evaluate(async () => {
        const outcome = async (run: () => Promise<Response>) => {
          try {
            const response = await run();
            return `status ${String(response.status)}`;
          } catch (error) {
            return error instanceof Error ? error.name : "non-error";
          }
        };
        const call = fetch as unknown as (...args: unknown[]) => Promise<Response>;
        return [
          await outcome(() => call({ toString: () => "/data/odd?size=10" })),
          await outcome(() => call()),
          await outcome(() => call("http://[bad")),
          await outcome(() => call("/data/odd?size=10", { method: 42 })),
          await outcome(() => call("/data/odd?size=10", { headers: [["bad header", "x"]] })),
          await outcome(() => call("/data/odd?size=10", "not an object")),
          await outcome(() => call.call({}, "/data/odd?size=10")),
        ];
      });
    await configure(hooked, { match: "odd", engine: "serve" });
    const withHook = await oddCalls(hooked);
    expect(withHook).toEqual(await oddCalls(plain));
    expect(withHook[0]).toBe("status 200");
  });
});

describe("manifest observation", () => {
  it("hands a manifest candidate's text to the source and the intact body to the page", async () => {
    await configure(hooked, { manifest: "\\.m3u8" });
    const { url, body } = data("list", 5000, ".m3u8");
    const result = await pageFetch(hooked, url, { as: "relative" });
    expect(result.sha256).toBe(sha256(body));
    const log = await waitForLog(hooked, (entry) => entry.manifests.length > 0);
    expect(log.manifests).toHaveLength(1);
    expect(log.manifests[0]?.url).toBe(`${rig.origin.base}${url}`);
    expect(log.manifests[0]?.contentType).toBe("application/octet-stream");
    expect(log.manifests[0]?.text).toBe(new TextDecoder().decode(body));
  });

  it("does not read responses the source does not consider manifests", async () => {
    await configure(hooked, { manifest: "\\.mpd" });
    await pageFetch(hooked, data("list", 100, ".m3u8").url, { as: "string" });
    await new Promise((done) => setTimeout(done, 100));
    expect((await sourceLog(hooked)).manifests).toEqual([]);
  });
});

describe("engine answers", () => {
  it("answers a matched fetch with the engine's bytes and a native-looking 200", async () => {
    await configure(hooked, { match: "/data/hit", engine: "serve" });
    for (const as of INPUTS) {
      const { path, url, body } = data("hit", 250_000);
      const result = await pageFetch(hooked, url, { as });
      expect(result).toMatchObject({
        error: null,
        ok: true,
        status: 200,
        statusText: "OK",
        url: `${rig.origin.base}${url}`,
        type: "basic",
        length: body.byteLength,
        sha256: sha256(body),
        instanceofResponse: true,
      });
      expect(result.headers).toEqual([
        ["content-length", "250000"],
        ["content-type", "video/mp2t"],
      ]);
      // The bytes came from the engine's cache, not from the segment's URL.
      expect(rig.origin.hits.get(path)).toBeUndefined();
      expect(rig.origin.hits.get(`/cache${path}`)).toBe(1);
    }
    const log = await sourceLog(hooked);
    expect(log.engine.map((call) => call.outcome)).toEqual([
      "served",
      "served",
      "served",
      "served",
    ]);
    expect(log.network).toEqual([]);
  });

  it("answers a ranged fetch with 206 and a content-range", async () => {
    await configure(hooked, { match: "/data/ranged", engine: "serve" });
    const { path, url, body } = data("ranged", 50_000);
    const result = await pageFetch(hooked, url, { as: "request", range: "bytes=1000-4999" });
    expect(result).toMatchObject({ status: 206, statusText: "Partial Content", length: 4000 });
    expect(result.sha256).toBe(sha256(body.subarray(1000, 5000)));
    expect(result.headers).toContainEqual(["content-range", "bytes 1000-4999/*"]);
    expect((await sourceLog(hooked)).matched).toEqual([
      { url: `${rig.origin.base}${url}`, method: "GET", range: "bytes=1000-4999" },
    ]);
    expect(rig.origin.hits.get(path)).toBeUndefined();
  });

  it("rejects with AbortError when the player aborts while the engine is asked", async () => {
    await configure(hooked, { match: "/data/abort", engine: "hang", deadlineMs: 10_000 });
    const { path, url } = data("abort", 1000);
    const result = await pageFetch(hooked, url, { as: "string", abortAfterMs: 100 });
    expect(result.error).toMatch(/^AbortError/);
    expect(result.headersMs).toBeLessThan(1000);
    const log = await waitForLog(hooked, (entry) => entry.engine.length > 0);
    expect(log.engine.map((call) => call.outcome)).toEqual(["aborted"]);
    expect(rig.origin.hits.get(path)).toBeUndefined();
  });

  it("cancels the engine's answer body when the player aborts after the response", async () => {
    await configure(hooked, { match: "/data/late", engine: "serve" });
    const outcome = await hooked.evaluate(async () => {
      const controller = new AbortController();
      const response = await fetch("/data/late1.ts?size=1000000", { signal: controller.signal });
      const reader = response.body?.getReader();
      await reader?.read();
      controller.abort();
      try {
        for (;;) if ((await reader?.read())?.done !== false) return "completed";
      } catch (error) {
        return error instanceof Error ? error.name : "non-error";
      }
    });
    expect(outcome).toBe("AbortError");
  });
});

describe("engine failures fall back to the network", () => {
  const cases = [
    { name: "a miss", engine: "miss", deadlineMs: 2000 },
    { name: "a rejection", engine: "reject", deadlineMs: 2000 },
    { name: "a synchronous throw", engine: "throw", deadlineMs: 2000 },
    { name: "the deadline", engine: "hang", deadlineMs: 200 },
    { name: "a wrong size", engine: "short", deadlineMs: 2000 },
  ] as const;
  for (const { name, engine, deadlineMs } of cases) {
    it(`sends the original request after ${name}, and gives the engine a copy`, async () => {
      const size = 120_000;
      await configure(hooked, { match: "/data/fall", engine, deadlineMs, size });
      const { path, url, body } = data("fall", size);
      const result = await pageFetch(hooked, url, { as: "request" });
      expect(result).toMatchObject({
        error: null,
        status: 200,
        length: size,
        sha256: sha256(body),
      });
      expect(result.url).toBe(`${rig.origin.base}${url}`);
      expect(rig.origin.hits.get(path)).toBe(1);
      if (engine === "hang") {
        expect(result.headersMs).toBeGreaterThanOrEqual(deadlineMs - 5);
        expect(result.headersMs).toBeLessThan(deadlineMs + 1000);
      }
      const log = await waitForLog(hooked, (entry) => entry.network.length > 0);
      expect(log.network).toEqual([
        { url: `${rig.origin.base}${url}`, length: size, sha256: sha256(body) },
      ]);
    });
  }

  it("gives the engine nothing when the network answers with an error status", async () => {
    await configure(hooked, { match: "/nothing-here", engine: "miss" });
    const result = await pageFetch(hooked, "/nothing-here.ts", { as: "string" });
    expect(result.status).toBe(404);
    await new Promise((done) => setTimeout(done, 100));
    expect((await sourceLog(hooked)).network).toEqual([]);
  });
});
