import { call } from "./natives.js";
import { okStatus, safely } from "./response-taps.js";
import type { XhrContext, XhrState } from "./xhr-state.js";

/**
 * Reads a natively completed XHR for the source, from a readystatechange listener that the hook
 * registered first (so it runs before the player can transfer or detach the response buffer):
 * a matched segment that fell back to the network gives the engine a copy of its bytes; any other
 * response that may be a manifest gives its text. Never throws, never changes what the page sees.
 */
export function tapCompletedXhr(context: XhrContext, xhr: XMLHttpRequest, state: XhrState): void {
  try {
    const { native } = context;
    if (!okStatus(call(context.natives, native.status, xhr))) return;
    if (state.match !== undefined) {
      copySegment(context, xhr, state);
      return;
    }
    const url = call(context.natives, native.responseURL, xhr) || (state.url ?? "");
    const contentType = call(context.natives, native.getResponseHeader, xhr, "content-type");
    if (!context.source.isManifestCandidate(url, contentType)) return;
    readText(context, xhr, (text) => {
      context.source.observeManifest(url, contentType, text);
    });
  } catch {
    // Never the page's problem.
  }
}

function copySegment(context: XhrContext, xhr: XMLHttpRequest, state: XhrState): void {
  const match = state.match;
  if (match === undefined) return;
  const { natives, native, source } = context;
  const type = call(natives, native.responseType, xhr);
  const response = call(natives, native.response, xhr);
  if (type === "arraybuffer" && response instanceof ArrayBuffer) {
    const copy = response.slice(0);
    safely(() => {
      source.fromNetwork(match, copy);
    });
  } else if (type === "blob" && response instanceof natives.Blob) {
    response.arrayBuffer().then(
      (bytes) => {
        safely(() => {
          source.fromNetwork(match, bytes);
        });
      },
      () => undefined,
    );
  }
  // Text responses of binary segments are lossy: the engine gets nothing from them.
}

function readText(context: XhrContext, xhr: XMLHttpRequest, use: (text: string) => void): void {
  const { natives, native } = context;
  const type = call(natives, native.responseType, xhr);
  if (type === "" || type === "text") {
    const text = call(natives, native.responseText, xhr);
    safely(() => {
      use(text);
    });
    return;
  }
  const response = call(natives, native.response, xhr);
  if (type === "arraybuffer" && response instanceof ArrayBuffer) {
    const text = new natives.TextDecoder().decode(response);
    safely(() => {
      use(text);
    });
  } else if (type === "blob" && response instanceof natives.Blob) {
    response.text().then(
      (text) => {
        safely(() => {
          use(text);
        });
      },
      () => undefined,
    );
  }
}
