import { call, type Natives } from "./natives.js";
import { segmentResponseHead } from "./segment-response.js";

/** Bytes per chunk of a synthesized body: large enough to be cheap, small enough to stream. */
const CHUNK = 64 * 1024;

/**
 * A native Response carrying the engine's bytes as a streaming body, with the status and headers
 * an origin would send, `url` set to the request URL and `type` "basic"/"cors" like a network
 * response. When the player's signal aborts later, the body errors with the signal's reason, as
 * a network body would.
 */
export function engineResponse(
  natives: Natives,
  url: string,
  range: string | undefined,
  bytes: Uint8Array<ArrayBuffer>,
  signal: AbortSignal | undefined,
): Response {
  const head = segmentResponseHead(url, range, bytes.byteLength);
  let offset = 0;
  const body = new natives.ReadableStream<Uint8Array>({
    start(controller) {
      if (signal === undefined) return;
      const onAbort = () => {
        try {
          controller.error(signal.reason);
        } catch {
          // Already closed: nothing to abort.
        }
      };
      call(natives, natives.addEventListener, signal, "abort", onAbort, { once: true });
    },
    pull(controller) {
      const end = Math.min(offset + CHUNK, bytes.byteLength);
      controller.enqueue(bytes.slice(offset, end));
      offset = end;
      if (offset >= bytes.byteLength) controller.close();
    },
  });
  const response = new natives.Response(body, {
    status: head.status,
    statusText: head.statusText,
    headers: head.headers,
  });
  const sameOrigin = new natives.URL(url).origin === natives.window.location.origin;
  Object.defineProperty(response, "url", { value: url, enumerable: false, configurable: true });
  Object.defineProperty(response, "type", {
    value: sameOrigin ? "basic" : "cors",
    enumerable: false,
    configurable: true,
  });
  return response;
}
