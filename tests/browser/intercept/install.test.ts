/**
 * Installing the interceptors in real Chromium: idempotent, reversible, native-looking, and with
 * the originals out of the page's reach.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InterceptRig, startRig } from "../support/intercept-browser.js";
import { configure, pageFetch, pageXhr, sourceLog } from "../support/intercept-page-calls.js";

let rig: InterceptRig;

beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig.close();
});

/** What page scripts can observe about fetch and XMLHttpRequest. */
function appearance(page: Page) {
  return page.evaluate(() => {
    const protoKeys = Reflect.ownKeys(XMLHttpRequest.prototype).map(String).sort();
    const describeFn = (fn: unknown) => {
      const f = fn as { name: string; length: number };
      return `${f.name}/${String(f.length)}/${String(fn)}`;
    };
    let callError = "";
    try {
      (XMLHttpRequest as unknown as () => void)();
    } catch (error) {
      callError = error instanceof TypeError ? "TypeError" : "other";
    }
    let newFetchError = "";
    try {
      new (fetch as unknown as new () => object)();
    } catch (error) {
      newFetchError = error instanceof TypeError ? "TypeError" : "other";
    }
    class Sub extends XMLHttpRequest {
      marker = 1;
    }
    const sub = new Sub();
    sub.open("GET", "/data/sub?size=10");
    return {
      fetch: describeFn(fetch),
      xhr: describeFn(XMLHttpRequest),
      open: describeFn(Reflect.get(XMLHttpRequest.prototype, "open")),
      readyStateGetter: describeFn(
        Reflect.get(
          Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, "readyState") ?? {},
          "get",
        ),
      ),
      hasPrototype: "prototype" in fetch,
      protoKeys,
      chain: Object.getPrototypeOf(XMLHttpRequest) === XMLHttpRequestEventTarget,
      protoChain:
        Object.getPrototypeOf(XMLHttpRequest.prototype) === XMLHttpRequestEventTarget.prototype,
      constructor: XMLHttpRequest.prototype.constructor === XMLHttpRequest,
      instance: new XMLHttpRequest() instanceof XMLHttpRequest,
      tag: Object.prototype.toString.call(new XMLHttpRequest()),
      constants: [XMLHttpRequest.UNSENT, XMLHttpRequest.DONE, new XMLHttpRequest().LOADING],
      callError,
      newFetchError,
      subclass: [sub instanceof Sub, sub instanceof XMLHttpRequest, sub.marker, sub.readyState],
      windowKeys: Object.keys(window).filter((key) => key !== "__itest").length,
      windowSymbols: Object.getOwnPropertySymbols(window).length,
      fetchDescriptor: { ...Object.getOwnPropertyDescriptor(window, "fetch"), value: undefined },
    };
  });
}

describe("installInterceptors", () => {
  it("looks like the native fetch and XMLHttpRequest to page scripts", async () => {
    const hooked = await appearance(await rig.open("/blank.html"));
    const plain = await appearance(await rig.open("/blank.html?hook=0"));
    expect(hooked).toEqual({ ...plain, windowSymbols: hooked.windowSymbols });
    expect(hooked.fetch).toBe("fetch/1/function fetch() { [native code] }");
    expect(hooked.xhr).toBe("XMLHttpRequest/0/function XMLHttpRequest() { [native code] }");
  });

  it("keeps the originals out of the page's reach", async () => {
    const page = await rig.open("/blank.html");
    expect(await page.evaluate(() => window.__itest.reachesOriginal())).toBe(false);
    // The walk does find them when they are there: without the hook, fetch is the original.
    const plain = await rig.open("/blank.html?hook=0");
    expect(await plain.evaluate(() => window.__itest.reachesOriginal())).toBe(true);
  });

  it("is a no-op the second time, and uninstalls to the originals", async () => {
    const page = await rig.open("/blank.html");
    await configure(page, { match: "/data/twice", engine: "serve" });
    const second = await page.evaluate(() => {
      const before: unknown[] = [Reflect.get(window, "fetch"), window.XMLHttpRequest];
      const undo = window.__itest.install();
      const same =
        before[0] === Reflect.get(window, "fetch") && before[1] === window.XMLHttpRequest;
      undo(); // the second install's undo is a no-op too
      return same && before[0] === Reflect.get(window, "fetch");
    });
    expect(second).toBe(true);
    const hit = await pageFetch(page, "/data/twice1.ts?size=1000", { as: "string" });
    expect(hit.status).toBe(200);
    expect((await sourceLog(page)).matched).toHaveLength(1); // wrapped once, not twice
    expect(rig.origin.hits.get("/data/twice1.ts")).toBeUndefined();

    const keptFetch = await page.evaluate(() => {
      const kept: unknown = Reflect.get(window, "fetch");
      window.__itest.uninstall();
      return {
        restored:
          Function.prototype.toString
            .call(Reflect.get(window, "fetch"))
            .includes("[native code]") &&
          Function.prototype.toString.call(window.XMLHttpRequest).includes("[native code]"),
        changed: kept !== Reflect.get(window, "fetch"),
        symbols: Object.getOwnPropertySymbols(window).length,
      };
    });
    expect(keptFetch).toEqual({ restored: true, changed: true, symbols: 0 });
    expect(await page.evaluate(() => window.__itest.reachesOriginal())).toBe(true);
    // After uninstall nothing is matched any more: requests go to the network.
    const after = await pageFetch(page, "/data/twice2.ts?size=1000", { as: "string" });
    const afterXhr = await pageXhr(page, "/data/twice3.ts?size=1000", {
      responseType: "arraybuffer",
    });
    expect([after.status, afterXhr.status]).toEqual([200, 200]);
    expect(rig.origin.hits.get("/data/twice2.ts")).toBe(1);
    expect(rig.origin.hits.get("/data/twice3.ts")).toBe(1);
    expect((await sourceLog(page)).matched).toHaveLength(1);
    // And a new install works again (the new wrapper looks native too: compare identities).
    expect(
      await page.evaluate(() => {
        const before: unknown = Reflect.get(window, "fetch");
        window.__itest.install();
        return before !== Reflect.get(window, "fetch");
      }),
    ).toBe(true);
  });

  it("turns a wrapper the page kept into a pass-through after uninstall", async () => {
    const page = await rig.open("/blank.html");
    await configure(page, { match: "/data/kept", engine: "serve" });
    const status = await page.evaluate(async () => {
      const kept: typeof fetch = Reflect.get(window, "fetch");
      window.__itest.uninstall();
      return (await kept("/data/kept1.ts?size=100")).status;
    });
    expect(status).toBe(200);
    expect(rig.origin.hits.get("/data/kept1.ts")).toBe(1);
    expect((await sourceLog(page)).matched).toEqual([]);
  });
});
