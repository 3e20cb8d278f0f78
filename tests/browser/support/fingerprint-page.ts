/**
 * What a curious page can learn about the extension with its own scripts (fingerprint.test.ts).
 * The page's first script (inline, in <head>) starts watching before anything else of the page
 * runs: every element ever added to the document (even one removed at once), every message posted
 * to its window, and what is on `window`. The rest runs from the test with page.evaluate, which is
 * page script too.
 */
import type { Page } from "playwright-core";

export const FINGERPRINT_PAGE_PATH = "/fingerprint.html";

/** The page's first script: records what it will later report (under a neutral global name). */
const WATCH = `
window.watchLog = { added: [], messages: [] };
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) watchLog.added.push(node.nodeName);
}).observe(document, { childList: true, subtree: true });
window.addEventListener("message", (event) => {
  const data = event.data;
  watchLog.messages.push(typeof data === "object" && data !== null ? Object.keys(data).join(",") + ":" + String(data.tag) : typeof data);
});
`;

export const FINGERPRINT_PAGE = Buffer.from(
  `<!doctype html><html><head><script>${WATCH}</script><title>page</title></head><body><p>page</p></body></html>`,
);

/** Names a page could find on its window and document that mention the extension. */
export function extensionTraces(page: Page): Promise<{
  globals: string[];
  elements: string[];
  addedEver: string[];
  messages: string[];
  frames: number;
}> {
  return page.evaluate(() => {
    const log = (window as unknown as { watchLog: { added: string[]; messages: string[] } })
      .watchLog;
    const named = (text: string) => /p2pv|peercast|p2p-?video|bridge/i.test(text);
    const keys = Reflect.ownKeys(window).map((key) =>
      typeof key === "symbol" ? `symbol:${key.description ?? ""}` : key,
    );
    return {
      globals: keys.filter(named),
      elements: [...document.querySelectorAll("*")]
        .map((element) => element.nodeName)
        .filter(named),
      addedEver: log.added.filter((name) => !["P", "TITLE", "SCRIPT"].includes(name)),
      messages: log.messages.filter(named),
      frames: window.length,
    };
  });
}

/** What the page sees of the wrapped functions, as plain data to compare with a page without the hook. */
export function wrapperLook(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => {
    const source = (fn: unknown) => Function.prototype.toString.call(fn);
    const look = (fn: unknown) => {
      const f = fn as { name: string; length: number; toString(): string };
      return {
        name: f.name,
        length: f.length,
        toString: f.toString(),
        source: source(fn),
        ownKeys: Reflect.ownKeys(f as object).map(String),
        ownToString: Object.prototype.hasOwnProperty.call(f, "toString"),
        toStringOfToString: source(Reflect.get(f, "toString")),
      };
    };
    const proto = XMLHttpRequest.prototype;
    const getter = (name: string) =>
      Reflect.get(Object.getOwnPropertyDescriptor(proto, name) ?? {}, "get") as unknown;
    return {
      fetch: look(fetch),
      xhr: look(XMLHttpRequest),
      open: look(Reflect.get(proto, "open")),
      send: look(Reflect.get(proto, "send")),
      response: look(getter("response")),
      toStringItself: look(Reflect.get(Function.prototype, "toString")),
    };
  });
}

/**
 * Stacks a page can read through the wrappers: in a fetch reaction and in XHR handlers (for
 * segments the hook matched, so the engine may answer them), in the rejection of a matched fetch
 * the page aborts while the hook waits, and in errors thrown synchronously by wrapped members.
 */
export function stacksThroughWrappers(
  page: Page,
  manifest: string,
  segments: string[],
): Promise<Record<string, string>> {
  return page.evaluate(
    async ({ manifest, segments }) => {
      const out: Record<string, string> = {};
      const stack = () => new Error("probe").stack ?? "";
      const xhr = (url: string, event: "load" | "readystatechange") =>
        new Promise<string>((resolve) => {
          const request = new XMLHttpRequest();
          request.open("GET", url);
          request.responseType = "arraybuffer";
          request.addEventListener(event, () => {
            if (request.readyState === 4) resolve(stack());
          });
          request.onerror = () => {
            resolve(`error ${stack()}`);
          };
          request.send();
        });
      await (await fetch(manifest)).text();
      // Twice over: the first round goes to the network (the engine starts late) and hands the
      // engine copies; the second can be answered by the engine, through the hook's own code.
      for (const round of [1, 2]) {
        const [first = "", second = "", third = ""] = segments;
        out[`fetchThen${String(round)}`] = await fetch(first).then(async (response) => {
          const seen = stack();
          await response.arrayBuffer();
          return seen;
        });
        out[`xhrLoad${String(round)}`] = await xhr(second, "load");
        out[`xhrReadyState${String(round)}`] = await xhr(third, "readystatechange");
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
      const controller = new AbortController();
      const aborted = fetch(segments[3] ?? "", { signal: controller.signal });
      controller.abort();
      out.fetchAbort = await aborted.then(
        () => "resolved",
        (error: unknown) => String((error as Error).stack),
      );
      out.fetchNetworkError = await fetch("http://127.0.0.1:9/nothing").then(
        () => "resolved",
        (error: unknown) => String((error as Error).stack),
      );
      const sync = (name: string, run: () => unknown) => {
        try {
          run();
          out[name] = "no throw";
        } catch (error) {
          out[name] = String((error as Error).stack);
        }
      };
      sync("openThrow", () =>
        Reflect.apply(Reflect.get(XMLHttpRequest.prototype, "open") as () => void, {}, [
          "GET",
          "/",
        ]),
      );
      sync("sendThrow", () => {
        new XMLHttpRequest().send();
      });
      sync("ctorThrow", () => Reflect.apply(XMLHttpRequest, undefined, []));
      sync("toStringThrow", () => Function.prototype.toString.call({}));
      return out;
    },
    { manifest, segments },
  );
}
