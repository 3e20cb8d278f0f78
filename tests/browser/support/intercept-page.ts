/**
 * Browser side of the intercept tests, bundled by esbuild into an IIFE that test pages load
 * before anything else: a fake SegmentSource driven by `window.__itest.configure()`, which records
 * every call, then installInterceptors() (unless the page URL has `hook=0`), and helpers the tests
 * call through page.evaluate to make fetch/XHR requests and report what the page saw.
 */
import type { SegmentMatch, SegmentSource } from "../../../hook/segment-source.js";
import { installInterceptors } from "../../../hook/intercept/index.js";
import type {
  FetchOptions,
  FetchResult,
  SourceConfig,
  SourceLog,
  XhrOptions,
  XhrResult,
} from "./intercept-types.js";

const nativeFetch = window.fetch.bind(window);
const originals: unknown[] = [
  Reflect.get(window, "fetch"),
  window.XMLHttpRequest,
  XMLHttpRequest.prototype,
];

/**
 * Walks everything the page can reach from the current fetch and XMLHttpRequest (own properties,
 * accessors, prototypes, a fresh instance) and reports whether any of it is a native original.
 */
function reachesOriginal(): boolean {
  const seen = new Set<unknown>();
  const stop = new Set<unknown>([Object.prototype, Function.prototype, EventTarget.prototype]);
  const queue: unknown[] = [
    Reflect.get(window, "fetch"),
    window.XMLHttpRequest,
    new XMLHttpRequest(),
  ];
  while (queue.length > 0) {
    const value = queue.shift();
    if ((typeof value !== "object" && typeof value !== "function") || value === null) continue;
    if (seen.has(value) || stop.has(value)) continue;
    seen.add(value);
    if (originals.includes(value)) return true;
    queue.push(Object.getPrototypeOf(value));
    for (const descriptor of Object.values(Object.getOwnPropertyDescriptors(value))) {
      queue.push(
        ...["value", "get", "set"].map((slot) => Reflect.get(descriptor, slot) as unknown),
      );
    }
  }
  return false;
}

const config: SourceConfig = {
  match: null,
  deadlineMs: 2000,
  engine: "miss",
  engineDelayMs: 0,
  serveEvery: 1,
  size: undefined,
  manifest: null,
};
const log: SourceLog = { matched: [], engine: [], network: [], toNetwork: [], manifests: [] };

async function sha256(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** The number before the extension of a segment URL ("seg_004.ts" -> 4). */
function segmentNumber(url: string): number {
  const match = /(\d+)\.[a-z0-9]+(?:\?.*)?$/i.exec(url);
  return match?.[1] !== undefined ? Number(match[1]) : 0;
}

async function engine(match: SegmentMatch, signal: AbortSignal): Promise<ArrayBuffer | undefined> {
  const started = performance.now();
  const url = match.segmentId;
  const record = (outcome: SourceLog["engine"][number]["outcome"]) => {
    log.engine.push({ url, outcome, ms: Math.round(performance.now() - started) });
  };
  if (config.engine === "throw") {
    record("thrown");
    throw new Error("engine throws");
  }
  if (config.engine === "hang") {
    await new Promise<void>((resolve) => {
      signal.addEventListener("abort", () => {
        resolve();
      });
    });
    record("aborted");
    return undefined;
  }
  await sleep(config.engineDelayMs, signal);
  if (signal.aborted) {
    record("aborted");
    return undefined;
  }
  if (config.engine === "reject") {
    record("rejected");
    throw new Error("engine rejects");
  }
  const serve = config.engine !== "miss" && segmentNumber(url) % config.serveEvery === 0;
  if (!serve) {
    record("missed");
    return undefined;
  }
  const parsed = new URL(url);
  const headers: Record<string, string> = {};
  const range = /#range=(.*)$/.exec(match.segmentId)?.[1];
  if (range !== undefined) headers.range = decodeURIComponent(range);
  const cached = await nativeFetch(`/cache${parsed.pathname}${parsed.search}`, { headers });
  const bytes = await cached.arrayBuffer();
  record("served");
  return config.engine === "short" ? bytes.slice(1) : bytes;
}

/** The fake SegmentSource; segmentId is the URL (plus "#range=..." for ranged requests). */
const source: SegmentSource = {
  match(request) {
    if (config.match === null || new RegExp(config.match).exec(request.url) === null)
      return undefined;
    log.matched.push({ url: request.url, method: request.method, range: request.range ?? null });
    const range = request.range === undefined ? "" : `#range=${encodeURIComponent(request.range)}`;
    return {
      swarmId: "test-swarm",
      segmentId: `${request.url}${range}`,
      deadlineMs: config.deadlineMs,
      ...(config.size === undefined ? {} : { size: config.size }),
    };
  },
  fromEngine: engine,
  toNetwork(match) {
    log.toNetwork.push(match.segmentId);
  },
  fromNetwork(match, bytes) {
    const url = match.segmentId;
    void sha256(bytes).then((hash) => {
      log.network.push({ url, length: bytes.byteLength, sha256: hash });
    });
  },
  isManifestCandidate(url) {
    return config.manifest !== null && new RegExp(config.manifest).exec(url) !== null;
  },
  observeManifest(url, contentType, text) {
    log.manifests.push({ url, contentType, text });
  },
};

function fetchInput(
  url: string,
  options: FetchOptions,
  init: RequestInit,
): [RequestInfo | URL, RequestInit | undefined] {
  switch (options.as) {
    case "url":
      return [new URL(url, document.baseURI), init];
    case "request":
      return [new Request(url, init), undefined];
    case "relative":
      return [url, init];
    default:
      return [new URL(url, document.baseURI).href, init];
  }
}

async function fetchRun(url: string, options: FetchOptions): Promise<FetchResult> {
  const controller = new AbortController();
  const init: RequestInit = { signal: controller.signal };
  if (options.range !== undefined) init.headers = { Range: options.range };
  if (options.abortAfterMs !== undefined) {
    setTimeout(() => {
      controller.abort();
    }, options.abortAfterMs);
  }
  const [input, second] = fetchInput(url, options, init);
  const started = performance.now();
  const result: FetchResult = {
    ok: false,
    error: null,
    status: 0,
    statusText: "",
    url: "",
    type: "",
    headers: [],
    length: 0,
    sha256: "",
    headersMs: 0,
    bodyMs: 0,
    instanceofResponse: false,
  };
  try {
    const response = await fetch(input, second);
    result.headersMs = performance.now() - started;
    result.status = response.status;
    result.statusText = response.statusText;
    result.url = response.url;
    result.type = response.type;
    result.ok = response.ok;
    result.instanceofResponse = response instanceof Response;
    result.headers = [...response.headers].filter(([name]) =>
      ["content-type", "content-length", "content-range"].includes(name),
    );
    const bytes = await response.arrayBuffer();
    result.bodyMs = performance.now() - started;
    result.length = bytes.byteLength;
    result.sha256 = await sha256(bytes);
  } catch (error) {
    result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return result;
}

async function describeResponse(
  xhr: XMLHttpRequest,
): Promise<[string, number, string, string | null]> {
  const response: unknown = xhr.response;
  if (response instanceof ArrayBuffer) {
    return ["arraybuffer", response.byteLength, await sha256(response), null];
  }
  if (response instanceof Blob) {
    const bytes = await response.arrayBuffer();
    return [`blob:${response.type}`, bytes.byteLength, await sha256(bytes), null];
  }
  if (typeof response === "string") {
    const bytes = new TextEncoder().encode(response);
    return ["string", bytes.byteLength, await sha256(bytes), response.slice(0, 200)];
  }
  return [response === null ? "null" : typeof response, 0, "", JSON.stringify(response)];
}

function xhrRun(url: string, options: XhrOptions): Promise<XhrResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const events: string[] = [];
    const started = performance.now();
    const finish = () => {
      void describeResponse(xhr).then(([responseKind, length, hash, text]) => {
        resolve({
          events,
          status: xhr.status,
          statusText: xhr.statusText,
          responseURL: xhr.responseURL,
          allHeaders: xhr.getAllResponseHeaders(),
          contentType: xhr.getResponseHeader("Content-Type"),
          contentLength: xhr.getResponseHeader("content-length"),
          responseKind,
          length,
          sha256: hash,
          text,
          readyState: xhr.readyState,
          ms: performance.now() - started,
        });
      });
    };
    xhr.onreadystatechange = () => events.push(`readystatechange:${String(xhr.readyState)}`);
    for (const type of ["loadstart", "progress", "abort", "error", "timeout", "load"]) {
      xhr.addEventListener(type, (event) => {
        const progress = event as ProgressEvent;
        const detail =
          type === "progress" || type === "load"
            ? `:${String(progress.loaded)}/${String(progress.total)}/${String(progress.lengthComputable)}`
            : "";
        events.push(`${type}${detail}`);
      });
    }
    xhr.onloadend = () => {
      events.push(`loadend:${String(xhr.readyState)}`);
      // After loadend an abort() leaves readyState 0; report that state a tick later.
      setTimeout(finish, 0);
    };
    xhr.open("GET", url);
    xhr.responseType = options.responseType;
    if (options.timeout !== undefined) xhr.timeout = options.timeout;
    if (options.withCredentials === true) xhr.withCredentials = true;
    if (options.range !== undefined) xhr.setRequestHeader("Range", options.range);
    xhr.send();
    if (options.abortAfterMs !== undefined) {
      setTimeout(() => {
        xhr.abort();
      }, options.abortAfterMs);
    }
  });
}

let uninstall: () => void = () => undefined;

const api = {
  configure(partial: Partial<SourceConfig>): void {
    Object.assign(config, partial);
  },
  log(): SourceLog {
    return log;
  },
  clearLog(): void {
    log.matched.length = 0;
    log.engine.length = 0;
    log.network.length = 0;
    log.toNetwork.length = 0;
    log.manifests.length = 0;
  },
  install(): () => void {
    return installInterceptors(window, source);
  },
  uninstall(): void {
    uninstall();
  },
  fetchRun,
  xhrRun,
  reachesOriginal,
  sha256,
};

declare global {
  interface Window {
    __itest: typeof api;
  }
}

window.__itest = api;
if (new URLSearchParams(location.search).get("hook") !== "0") uninstall = api.install();
