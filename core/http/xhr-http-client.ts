import { LoaderError } from "../errors.js";
import type { XhrSetup } from "../settings.js";
import {
  parseContentRangeTotal,
  parseLength,
  type HttpClient,
  type HttpRequest,
} from "./http-client.js";

/**
 * HTTP over XMLHttpRequest, used when the `xhrSetup` setting asks for it. XHR cannot stream an
 * arraybuffer body, so the bytes arrive as one chunk at the end.
 */
export class XhrHttpClient implements HttpClient {
  constructor(
    private readonly xhrSetup: XhrSetup | undefined,
    private readonly createXhr: () => XMLHttpRequest = () => new XMLHttpRequest(),
  ) {}

  request(request: HttpRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      const xhr = this.createXhr();
      xhr.open("GET", request.url, true);
      xhr.responseType = "arraybuffer";
      if (request.range !== undefined) xhr.setRequestHeader("Range", request.range);
      this.xhrSetup?.(xhr, request.url);
      const onAbort = () => {
        xhr.abort();
      };
      request.signal.addEventListener("abort", onAbort, { once: true });
      const settle = (error?: LoaderError) => {
        request.signal.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve();
      };
      xhr.onerror = () => {
        settle(new LoaderError("http-network", request.url));
      };
      xhr.onabort = () => {
        settle(new LoaderError("http-aborted", request.url));
      };
      xhr.onload = () => {
        if (xhr.status !== 200 && xhr.status !== 206) {
          settle(new LoaderError("http-status", `${String(xhr.status)} for ${request.url}`));
          return;
        }
        try {
          request.onResponse({
            status: xhr.status,
            length: parseLength(xhr.getResponseHeader("content-length")),
            rangeTotal: parseContentRangeTotal(xhr.getResponseHeader("content-range")),
            responseUrl: xhr.responseURL || request.url,
          });
          request.onChunk(new Uint8Array(xhr.response as ArrayBuffer));
          settle();
        } catch (error) {
          request.signal.removeEventListener("abort", onAbort);
          reject(error instanceof Error ? error : new LoaderError("http-network", String(error)));
        }
      };
      if (request.signal.aborted) {
        settle(new LoaderError("http-aborted", request.url));
        return;
      }
      xhr.send();
    });
  }
}
