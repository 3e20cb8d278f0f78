import { LoaderError } from "../errors.js";

export interface HttpResponseInfo {
  /** 200 or 206. */
  status: number;
  /** Body length of this response, if the server said. */
  length: number | undefined;
  /** The whole resource's size from Content-Range (206 only), if given. */
  rangeTotal: number | undefined;
  responseUrl: string;
}

export interface HttpRequest {
  url: string;
  /** A Range header value, or undefined for the whole resource. */
  range: string | undefined;
  signal: AbortSignal;
  onResponse(info: HttpResponseInfo): void;
  /** Body bytes as they arrive (a client that cannot stream delivers one chunk at the end). */
  onChunk(bytes: Uint8Array): void;
}

/**
 * Fetches one URL. Resolves when the body has ended; rejects with a LoaderError
 * ("http-network", "http-status", "http-aborted"). Errors thrown by the callbacks propagate.
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<void>;
}

export function parseContentRangeTotal(header: string | null): number | undefined {
  const match = /\/(\d+)\s*$/.exec(header ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function parseLength(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}

/** HTTP over fetch(), streaming the body. The default wherever fetch exists. */
export class FetchHttpClient implements HttpClient {
  constructor(private readonly fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)) {}

  async request(request: HttpRequest): Promise<void> {
    let response: Response;
    try {
      response = await this.fetchImpl(request.url, {
        headers: request.range === undefined ? {} : { Range: request.range },
        signal: request.signal,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (error) {
      throw request.signal.aborted
        ? new LoaderError("http-aborted", request.url)
        : new LoaderError("http-network", request.url, { cause: error });
    }
    if (response.status !== 200 && response.status !== 206) {
      void response.body?.cancel();
      throw new LoaderError("http-status", `${String(response.status)} for ${request.url}`);
    }
    try {
      request.onResponse({
        status: response.status,
        length: parseLength(response.headers.get("content-length")),
        rangeTotal: parseContentRangeTotal(response.headers.get("content-range")),
        responseUrl: response.url || request.url,
      });
    } catch (error) {
      void response.body?.cancel();
      throw error;
    }
    if (!response.body) return;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        request.onChunk(value);
      }
    } catch (error) {
      if (error instanceof LoaderError) throw error;
      throw request.signal.aborted
        ? new LoaderError("http-aborted", request.url)
        : new LoaderError("http-network", request.url, { cause: error });
    } finally {
      reader.releaseLock();
    }
  }
}
