import type { Clock } from "../env.js";
import { LoaderError } from "../errors.js";
import type { HttpClient, HttpRequest } from "../http/http-client.js";
import { parseByteRange } from "../http/range.js";

export interface FakeResource {
  bytes: Uint8Array;
  /** Body bytes per ms of the clock; Infinity delivers at once. */
  bytesPerMs?: number;
  /** Answer with this status instead (e.g. 404). */
  status?: number;
}

export interface FakeHttpOptions {
  /** Body bytes per chunk (16 KiB). */
  chunkSize?: number;
  /** Clock ms from the request to the response headers (1). */
  latencyMs?: number;
  /** The origin's resources, shared when several clients (viewers) reach one origin. */
  resources?: Map<string, FakeResource>;
  /**
   * Makes, per response, what carries each chunk to the client and resolves when it has arrived
   * (the simulator's downlink, one flow per response); replaces the resource's bytesPerMs.
   */
  pacer?: () => (bytes: number) => Promise<void>;
  /** Told of every body chunk served. */
  onServed?: (bytes: number) => void;
}

/** An origin in memory, on the injected clock: honours Range, streams in chunks, counts bytes. */
export class FakeHttp implements HttpClient {
  readonly resources: Map<string, FakeResource>;
  readonly requests: { url: string; range: string | undefined }[] = [];
  servedBytes = 0;
  private readonly chunkSize: number;
  private readonly latencyMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly options: FakeHttpOptions = {},
  ) {
    this.resources = options.resources ?? new Map<string, FakeResource>();
    this.chunkSize = options.chunkSize ?? 16 * 1024;
    this.latencyMs = options.latencyMs ?? 1;
  }

  async request(request: HttpRequest): Promise<void> {
    this.requests.push({ url: request.url, range: request.range });
    await this.wait(this.latencyMs, request.signal, request.url);
    const resource = this.resources.get(request.url);
    if (!resource || (resource.status ?? 200) >= 400) {
      throw new LoaderError("http-status", `${String(resource?.status ?? 404)} for ${request.url}`);
    }
    const range = parseByteRange(request.range);
    const start = range?.start ?? 0;
    const end = Math.min(
      range?.end ?? resource.bytes.byteLength - 1,
      resource.bytes.byteLength - 1,
    );
    const body = resource.bytes.subarray(start, end + 1);
    request.onResponse({
      status: range ? 206 : 200,
      length: body.byteLength,
      rangeTotal: range ? resource.bytes.byteLength : undefined,
      responseUrl: request.url,
    });
    const pace = this.options.pacer?.();
    for (let offset = 0; offset < body.byteLength; offset += this.chunkSize) {
      const chunk = body.subarray(offset, offset + this.chunkSize);
      const speed = resource.bytesPerMs ?? Infinity;
      if (pace) await pace(chunk.byteLength);
      else if (speed !== Infinity) {
        await this.wait(chunk.byteLength / speed, request.signal, request.url);
      }
      if (request.signal.aborted) throw new LoaderError("http-aborted", request.url);
      this.servedBytes += chunk.byteLength;
      this.options.onServed?.(chunk.byteLength);
      request.onChunk(chunk);
    }
  }

  private wait(ms: number, signal: AbortSignal, url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(new LoaderError("http-aborted", url));
        return;
      }
      this.clock.setTimeout(resolve, ms);
    });
  }
}
