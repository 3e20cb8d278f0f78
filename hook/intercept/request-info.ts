import { call, type Natives } from "./natives.js";

/** What the hook knows about one fetch() call, read without side effects on the page's objects. */
export interface FetchCallInfo {
  url: string;
  method: string;
  range: string | undefined;
  signal: AbortSignal | undefined;
}

/**
 * Resolves a URL the way fetch and XHR do (against document.baseURI), dropping the fragment.
 * Undefined when it does not parse (the native call will then throw its own error).
 */
export function resolveUrl(natives: Natives, url: string): string | undefined {
  try {
    const base = call(natives, natives.baseURI, natives.window.document);
    const resolved = new natives.URL(url, base);
    resolved.hash = "";
    return resolved.href;
  } catch {
    return undefined;
  }
}

function isRequest(natives: Natives, value: unknown): value is Request {
  if (typeof value !== "object" || value === null) return false;
  try {
    // The brand check of the native getter: throws for anything that is not a real Request.
    call(natives, natives.requestUrl, value as Request);
    return true;
  } catch {
    return false;
  }
}

/** The Range header from anything fetch accepts as `init.headers`. */
function rangeOf(natives: Natives, headers: unknown): string | undefined {
  if (headers === undefined || headers === null) return undefined;
  const parsed = new natives.Headers(headers as HeadersInit);
  return call(natives, natives.headersGet, parsed, "range") ?? undefined;
}

function signalOf(natives: Natives, value: unknown): AbortSignal | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  try {
    call(natives, natives.signalAborted, value as AbortSignal);
    return value as AbortSignal;
  } catch {
    return undefined;
  }
}

/**
 * Reads url, method, Range and signal of a fetch(input, init) call, with fetch's precedence
 * (init overrides the Request's own). Anything odd (a getter that throws, a URL that does not
 * parse, a method that is not a string) gives undefined: the call then goes to the network as is.
 */
export function fetchCallInfo(
  natives: Natives,
  input: unknown,
  init: unknown,
): FetchCallInfo | undefined {
  let url: string;
  let method = "GET";
  let range: string | undefined;
  let signal: AbortSignal | undefined;
  if (isRequest(natives, input)) {
    url = call(natives, natives.requestUrl, input);
    method = call(natives, natives.requestMethod, input);
    range =
      call(natives, natives.headersGet, call(natives, natives.requestHeaders, input), "range") ??
      undefined;
    signal = call(natives, natives.requestSignal, input);
  } else if (typeof input === "string") {
    url = input;
  } else if (input instanceof natives.URL) {
    url = input.href;
  } else {
    // Other objects are stringified by fetch; doing it here too could run page code twice.
    return undefined;
  }
  if (init !== undefined && init !== null) {
    if (typeof init !== "object") return undefined;
    const options = init as { method?: unknown; headers?: unknown; signal?: unknown };
    const initMethod = options.method;
    if (initMethod !== undefined) {
      if (typeof initMethod !== "string") return undefined;
      method = initMethod;
    }
    const headers = options.headers;
    if (headers !== undefined) range = rangeOf(natives, headers);
    const initSignal = options.signal;
    if (initSignal !== undefined) signal = signalOf(natives, initSignal);
  }
  const resolved = resolveUrl(natives, url);
  if (resolved === undefined) return undefined;
  return { url: resolved, method: method.toUpperCase(), range, signal };
}
