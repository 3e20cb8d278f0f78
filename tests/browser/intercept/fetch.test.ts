/**
 * The fetch wrapper in real Chromium: pass-through, manifest observation, engine answers, and
 * every way the engine can fail (falling back to the original request, with a copy for the
 * engine).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useHookedPages } from "../support/hooked-pages.js";
import {
  configure,
  pageFetch,
  sha256,
  sourceLog,
  waitForLog,
} from "../support/intercept-page-calls.js";
import type { FetchOptions } from "../support/intercept-types.js";

const INPUTS: FetchOptions["as"][] = ["string", "url", "request", "relative"];

const setup = useHookedPages();
const data = setup.data.bind(setup);

describe("fetch pass-through", () => {
  it("gives unmatched requests the same response as without the hook, for every input kind", async () => {
    for (const as of INPUTS) {
      const { url, body } = data("plain", 300_000, ".bin");
      const withHook = await pageFetch(setup.hooked(), url, { as });
      const withoutHook = await pageFetch(setup.plain(), url, { as });
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
    await configure(setup.hooked(), { match: "never-matches", engine: "hang", deadlineMs: 5000 });
    const timings = async (page: Page) => {
      const ms: number[] = [];
      for (let index = 0; index < 15; index += 1) {
        ms.push((await pageFetch(page, data("quick", 1000).url, { as: "string" })).headersMs);
      }
      return ms.sort((a, b) => a - b)[7] ?? Infinity;
    };
    const hookedMedian = await timings(setup.hooked());
    const plainMedian = await timings(setup.plain());
    // Printed, not compared (a loaded machine makes either median jump); what is asserted is
    // that no request waited for the hanging engine's 5 s deadline, which a match would.
    console.log(
      `unmatched fetch headers: median ${String(hookedMedian)} ms hooked, ${String(plainMedian)} ms plain`,
    );
    expect(hookedMedian).toBeLessThan(5000);
    expect((await sourceLog(setup.hooked())).matched).toEqual([]);
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
    await configure(setup.hooked(), { match: "odd", engine: "serve" });
    const withHook = await oddCalls(setup.hooked());
    expect(withHook).toEqual(await oddCalls(setup.plain()));
    expect(withHook[0]).toBe("status 200");
  });
});

describe("manifest observation", () => {
  it("hands a manifest candidate's text to the source and the intact body to the page", async () => {
    await configure(setup.hooked(), { manifest: "\\.m3u8" });
    const { url, body } = data("list", 5000, ".m3u8");
    const result = await pageFetch(setup.hooked(), url, { as: "relative" });
    expect(result.sha256).toBe(sha256(body));
    const log = await waitForLog(setup.hooked(), (entry) => entry.manifests.length > 0);
    expect(log.manifests).toHaveLength(1);
    expect(log.manifests[0]?.url).toBe(`${setup.rig().origin.base}${url}`);
    expect(log.manifests[0]?.contentType).toBe("application/octet-stream");
    expect(log.manifests[0]?.text).toBe(new TextDecoder().decode(body));
  });

  it("does not read responses the source does not consider manifests", async () => {
    await configure(setup.hooked(), { manifest: "\\.mpd" });
    await pageFetch(setup.hooked(), data("list", 100, ".m3u8").url, { as: "string" });
    await new Promise((done) => setTimeout(done, 100));
    expect((await sourceLog(setup.hooked())).manifests).toEqual([]);
  });
});

describe("engine answers", () => {
  it("answers a matched fetch with the engine's bytes and a native-looking 200", async () => {
    await configure(setup.hooked(), { match: "/data/hit", engine: "serve" });
    for (const as of INPUTS) {
      const { path, url, body } = data("hit", 250_000);
      const result = await pageFetch(setup.hooked(), url, { as });
      expect(result).toMatchObject({
        error: null,
        ok: true,
        status: 200,
        statusText: "OK",
        url: `${setup.rig().origin.base}${url}`,
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
      expect(setup.rig().origin.hits.get(path)).toBeUndefined();
      expect(setup.rig().origin.hits.get(`/cache${path}`)).toBe(1);
    }
    const log = await sourceLog(setup.hooked());
    expect(log.engine.map((call) => call.outcome)).toEqual([
      "served",
      "served",
      "served",
      "served",
    ]);
    expect(log.network).toEqual([]);
    expect(log.toNetwork).toEqual([]);
  });

  it("answers a ranged fetch with 206 and a content-range", async () => {
    await configure(setup.hooked(), { match: "/data/ranged", engine: "serve" });
    const { path, url, body } = data("ranged", 50_000);
    const result = await pageFetch(setup.hooked(), url, {
      as: "request",
      range: "bytes=1000-4999",
    });
    expect(result).toMatchObject({ status: 206, statusText: "Partial Content", length: 4000 });
    expect(result.sha256).toBe(sha256(body.subarray(1000, 5000)));
    expect(result.headers).toContainEqual(["content-range", "bytes 1000-4999/*"]);
    expect((await sourceLog(setup.hooked())).matched).toEqual([
      { url: `${setup.rig().origin.base}${url}`, method: "GET", range: "bytes=1000-4999" },
    ]);
    expect(setup.rig().origin.hits.get(path)).toBeUndefined();
  });

  it("rejects with AbortError when the player aborts while the engine is asked", async () => {
    await configure(setup.hooked(), { match: "/data/abort", engine: "hang", deadlineMs: 10_000 });
    const { path, url } = data("abort", 1000);
    const result = await pageFetch(setup.hooked(), url, { as: "string", abortAfterMs: 100 });
    expect(result.error).toMatch(/^AbortError/);
    // Well before the engine's 10 s deadline: the abort, not the deadline, ended it.
    expect(result.headersMs).toBeLessThan(5000);
    const log = await waitForLog(setup.hooked(), (entry) => entry.engine.length > 0);
    expect(log.engine.map((call) => call.outcome)).toEqual(["aborted"]);
    expect(log.toNetwork).toEqual([]);
    expect(setup.rig().origin.hits.get(path)).toBeUndefined();
  });

  it("cancels the engine's answer body when the player aborts after the response", async () => {
    await configure(setup.hooked(), { match: "/data/late", engine: "serve" });
    const outcome = await setup.hooked().evaluate(async () => {
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
      await configure(setup.hooked(), { match: "/data/fall", engine, deadlineMs, size });
      const { path, url, body } = data("fall", size);
      const result = await pageFetch(setup.hooked(), url, { as: "request" });
      expect(result).toMatchObject({
        error: null,
        status: 200,
        length: size,
        sha256: sha256(body),
      });
      expect(result.url).toBe(`${setup.rig().origin.base}${url}`);
      expect(setup.rig().origin.hits.get(path)).toBe(1);
      if (engine === "hang") {
        expect(result.headersMs).toBeGreaterThanOrEqual(deadlineMs - 5);
        console.log(
          `fallback after the ${String(deadlineMs)} ms deadline: ${String(result.headersMs)} ms`,
        );
      }
      const log = await waitForLog(setup.hooked(), (entry) => entry.network.length > 0);
      expect(log.network).toEqual([
        { url: `${setup.rig().origin.base}${url}`, length: size, sha256: sha256(body) },
      ]);
      // The source heard that the request went to the network (the engine must not fetch it).
      expect(log.toNetwork).toEqual([`${setup.rig().origin.base}${url}`]);
    });
  }

  it("a request the engine is not asked for (deadline 0) goes out without telling the source", async () => {
    await configure(setup.hooked(), { match: "/data/direct", engine: "serve", deadlineMs: 0 });
    const { path, url, body } = data("direct", 20_000);
    const result = await pageFetch(setup.hooked(), url, { as: "request" });
    expect(result.sha256).toBe(sha256(body));
    expect(setup.rig().origin.hits.get(path)).toBe(1);
    const log = await waitForLog(setup.hooked(), (entry) => entry.network.length > 0);
    expect(log.engine).toEqual([]);
    expect(log.toNetwork).toEqual([]);
  });

  it("gives the engine nothing when the network answers with an error status", async () => {
    await configure(setup.hooked(), { match: "/nothing-here", engine: "miss" });
    const result = await pageFetch(setup.hooked(), "/nothing-here.ts", { as: "string" });
    expect(result.status).toBe(404);
    await new Promise((done) => setTimeout(done, 100));
    expect((await sourceLog(setup.hooked())).network).toEqual([]);
  });
});
