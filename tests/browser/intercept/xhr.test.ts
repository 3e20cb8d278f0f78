/**
 * The XMLHttpRequest wrapper in real Chromium: pass-through identical to the native XHR, engine
 * answers with the native event sequence and response members, abort and timeout while the
 * engine is asked, and fallback to the network with a copy for the engine.
 */
import { describe, expect, it } from "vitest";
import { useHookedPages } from "../support/hooked-pages.js";
import {
  configure,
  pageXhr,
  sha256,
  sourceLog,
  waitForLog,
} from "../support/intercept-page-calls.js";
import type { XhrResult } from "../support/intercept-types.js";

/** Events with repeated progress/readystatechange:3 folded (their count depends on timing). */
function folded(result: XhrResult): string[] {
  return result.events
    .map((event) => (event.startsWith("progress") ? "progress" : event))
    .filter((event, index, all) => index === 0 || event !== all[index - 1]);
}

const TYPES = ["", "text", "arraybuffer", "blob"] as const;

const setup = useHookedPages();
const data = setup.data.bind(setup);

describe("XHR pass-through", () => {
  it("behaves as the native XHR for unmatched requests, for every responseType", async () => {
    for (const responseType of TYPES) {
      const { url, body } = data("plain", 200_000, ".bin");
      const withHook = await pageXhr(setup.hooked(), url, { responseType });
      const withoutHook = await pageXhr(setup.plain(), url, { responseType });
      expect({ ...withHook, events: folded(withHook), ms: 0 }).toEqual({
        ...withoutHook,
        events: folded(withoutHook),
        ms: 0,
      });
      if (responseType === "arraybuffer") expect(withHook.sha256).toBe(sha256(body));
    }
  });

  it("reads manifest candidates for the source, whatever the responseType", async () => {
    await configure(setup.hooked(), { manifest: "\\.m3u8" });
    for (const responseType of TYPES) {
      const { url, body } = data("list", 3000, ".m3u8");
      await pageXhr(setup.hooked(), url, { responseType });
      const log = await waitForLog(setup.hooked(), (entry) => entry.manifests.length > 0);
      expect(log.manifests.map((entry) => entry.text)).toEqual([new TextDecoder().decode(body)]);
      await setup.hooked().evaluate(() => {
        window.__itest.clearLog();
      });
    }
  });

  it("times out and aborts natively", async () => {
    const timeout = { responseType: "" as const, timeout: 200 };
    const slow = () => `${data("slow", 100).url}&delay=1500`;
    const [timedOut, nativeTimedOut] = [
      await pageXhr(setup.hooked(), slow(), timeout),
      await pageXhr(setup.plain(), slow(), timeout),
    ];
    expect(timedOut.events).toEqual(nativeTimedOut.events);
    expect(timedOut.events).toContain("timeout");
    const abort = { responseType: "" as const, abortAfterMs: 100 };
    const [aborted, nativeAborted] = [
      await pageXhr(setup.hooked(), slow(), abort),
      await pageXhr(setup.plain(), slow(), abort),
    ];
    expect(aborted.events).toEqual(nativeAborted.events);
    expect(aborted.readyState).toBe(nativeAborted.readyState);
  });
});

const ENGINE_EVENTS = (size: number) => [
  "readystatechange:1",
  "loadstart",
  "readystatechange:2",
  "readystatechange:3",
  `progress:${String(size)}/${String(size)}/true`,
  "readystatechange:4",
  `load:${String(size)}/${String(size)}/true`,
  "loadend:4",
];

describe("XHR answered by the engine", () => {
  it("plays the native event sequence and response members, for every responseType", async () => {
    await configure(setup.hooked(), { match: "/data/hit", engine: "serve" });
    for (const responseType of TYPES) {
      const size = 150_000;
      const { path, url, body } = data("hit", size);
      const result = await pageXhr(setup.hooked(), url, { responseType });
      const native = await pageXhr(setup.plain(), url, { responseType });
      expect(result.events).toEqual(ENGINE_EVENTS(size));
      expect(result).toMatchObject({
        status: 200,
        statusText: "OK",
        responseURL: `${setup.rig().origin.base}${url}`,
        allHeaders: `content-length: ${String(size)}\r\ncontent-type: video/mp2t\r\n`,
        contentType: "video/mp2t",
        contentLength: String(size),
        readyState: 4,
      });
      // The same response as the network's: same kind, same bytes (text decoded the same way).
      // (A blob's type is the response's content-type: the origin said octet-stream.)
      expect([result.responseKind, result.length, result.sha256]).toEqual([
        native.responseKind.replace("application/octet-stream", "video/mp2t"),
        native.length,
        native.sha256,
      ]);
      if (responseType === "arraybuffer") expect(result.sha256).toBe(sha256(body));
      expect(setup.rig().origin.hits.get(path)).toBe(1); // only the setup.plain() page's request
      expect(setup.rig().origin.hits.get(`/cache${path}`)).toBe(1);
    }
  });

  it("answers a Range request with 206 and the range's bytes", async () => {
    await configure(setup.hooked(), { match: "/data/ranged", engine: "serve" });
    const { path, url, body } = data("ranged", 40_000);
    const result = await pageXhr(setup.hooked(), url, {
      responseType: "arraybuffer",
      range: "bytes=100-1099",
    });
    expect(result).toMatchObject({ status: 206, statusText: "Partial Content", length: 1000 });
    expect(result.sha256).toBe(sha256(body.subarray(100, 1100)));
    expect(result.allHeaders).toContain("content-range: bytes 100-1099/*\r\n");
    expect(setup.rig().origin.hits.get(path)).toBeUndefined();
  });

  it("aborts while the engine is asked like a native abort", async () => {
    await configure(setup.hooked(), { match: "/data/abort", engine: "hang", deadlineMs: 10_000 });
    const { path, url } = data("abort", 1000);
    const result = await pageXhr(setup.hooked(), url, {
      responseType: "arraybuffer",
      abortAfterMs: 100,
    });
    const native = await pageXhr(setup.plain(), `${data("slow", 100).url}&delay=1500`, {
      responseType: "arraybuffer",
      abortAfterMs: 100,
    });
    expect(result.events).toEqual(native.events);
    expect(result.events).toEqual([
      "readystatechange:1",
      "loadstart",
      "readystatechange:4",
      "abort",
      "loadend:4",
    ]);
    expect(result).toMatchObject({
      readyState: 0,
      status: 0,
      responseURL: "",
      responseKind: "null",
    });
    // Well before the engine's 10 s deadline: the abort, not the deadline, ended it.
    expect(result.ms).toBeLessThan(5000);
    expect(setup.rig().origin.hits.get(path)).toBeUndefined();
    const log = await waitForLog(setup.hooked(), (entry) => entry.engine.length > 0);
    expect(log.engine.map((call) => call.outcome)).toEqual(["aborted"]);
    expect(log.toNetwork).toEqual([]);
  });

  it("honours the page's timeout across the engine's wait and the network", async () => {
    await configure(setup.hooked(), { match: "/data/timeout", engine: "hang", deadlineMs: 10_000 });
    const { url } = data("timeout", 1000);
    const result = await pageXhr(setup.hooked(), `${url}&delay=2000`, {
      responseType: "arraybuffer",
      timeout: 300,
    });
    expect(result.events).toEqual([
      "readystatechange:1",
      "loadstart",
      "readystatechange:4",
      "timeout",
      "loadend:4",
    ]);
    expect(result.ms).toBeGreaterThanOrEqual(295);
    // The events above show the timeout fired (not the 2 s response, not the 10 s deadline).
    console.log(`page timeout 300 ms: the XHR ended after ${String(result.ms)} ms`);
    const timeout = await setup.hooked().evaluate(() => {
      const xhr = new XMLHttpRequest();
      xhr.open("GET", "/data/timeout-check");
      xhr.timeout = 300;
      return xhr.timeout;
    });
    expect(timeout).toBe(300);
  });

  it("leaves half the page's timeout to the network when the engine does not answer", async () => {
    await configure(setup.hooked(), { match: "/data/half", engine: "hang", deadlineMs: 10_000 });
    const { url, body } = data("half", 1000);
    // The engine is waited for 1 s, then the network has 1 s for a response sent after 100 ms
    // (with the whole timeout spent on the engine, it had 1 ms).
    const result = await pageXhr(setup.hooked(), `${url}&delay=100`, {
      responseType: "arraybuffer",
      timeout: 2000,
    });
    expect(result.events).toContain("load:1000/1000/true");
    expect(result.events).not.toContain("timeout");
    expect(result.sha256).toBe(sha256(body));
  });

  it("refuses send() and setRequestHeader() while the engine is asked, as a sent XHR does", async () => {
    await configure(setup.hooked(), { match: "/data/busy", engine: "hang", deadlineMs: 10_000 });
    const errors = await setup.hooked().evaluate(() => {
      const xhr = new XMLHttpRequest();
      xhr.open("GET", "/data/busy1.ts");
      xhr.send();
      const names: string[] = [];
      for (const run of [
        () => {
          xhr.send();
        },
        () => {
          xhr.setRequestHeader("x-a", "b");
        },
      ]) {
        try {
          run();
          names.push("none");
        } catch (error) {
          names.push(error instanceof DOMException ? error.name : "other");
        }
      }
      xhr.abort();
      return names;
    });
    expect(errors).toEqual(["InvalidStateError", "InvalidStateError"]);
  });
});

describe("XHR fallback to the network", () => {
  for (const engine of ["miss", "reject", "throw", "hang"] as const) {
    it(`sends the original request after engine ${engine}, with native events and a copy for the engine`, async () => {
      await configure(setup.hooked(), { match: "/data/fall", engine, deadlineMs: 200 });
      const size = 100_000;
      const { path, url, body } = data("fall", size);
      const result = await pageXhr(setup.hooked(), url, {
        responseType: "arraybuffer",
        timeout: 5000,
      });
      const native = await pageXhr(setup.plain(), url, {
        responseType: "arraybuffer",
        timeout: 5000,
      });
      expect(folded(result)).toEqual(folded(native));
      expect(result.events.filter((event) => event === "loadstart")).toHaveLength(1);
      expect({ ...result, events: [], ms: 0 }).toEqual({ ...native, events: [], ms: 0 });
      expect(result.sha256).toBe(sha256(body));
      expect(setup.rig().origin.hits.get(path)).toBe(2);
      const log = await waitForLog(setup.hooked(), (entry) => entry.network.length > 0);
      expect(log.network).toEqual([
        { url: `${setup.rig().origin.base}${url}`, length: size, sha256: sha256(body) },
      ]);
      expect(log.toNetwork).toEqual([`${setup.rig().origin.base}${url}`]);
    });
  }

  it("gives the engine a copy of a blob response too", async () => {
    await configure(setup.hooked(), { match: "/data/blob", engine: "miss" });
    const { url, body } = data("blob", 30_000);
    const result = await pageXhr(setup.hooked(), url, { responseType: "blob" });
    expect(result.sha256).toBe(sha256(body));
    const log = await waitForLog(setup.hooked(), (entry) => entry.network.length > 0);
    expect(log.network.map((entry) => entry.sha256)).toEqual([sha256(body)]);
    expect((await sourceLog(setup.hooked())).engine.map((call) => call.outcome)).toEqual([
      "missed",
    ]);
  });
});
