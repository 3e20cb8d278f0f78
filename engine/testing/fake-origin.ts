/** An in-memory origin and helpers for the engine's integrity tests. */
import { LoaderError, Segment } from "../../core";
import type { HttpClient, HttpRequest } from "../../core/http/http-client";
import { SegmentIntegrityError } from "../origin-check";

/** Distinct, repeatable bytes. */
export const pattern = (size: number, seed: number) =>
  Uint8Array.from({ length: size }, (_, index) => (index * 31 + seed * 7 + (index >> 9)) & 0xff);

/** An origin serving `resource` at any URL, with Range as a CDN does (or ignoring it). */
export function origin(
  resource: Uint8Array,
  /** fail: every request fails; failWhole: those without a Range do. */
  options: { ignoreRange?: boolean; fail?: boolean; failWhole?: boolean } = {},
) {
  const asked: (string | undefined)[] = [];
  const client: HttpClient = {
    request(request: HttpRequest) {
      asked.push(request.range);
      if (options.fail || (options.failWhole && request.range === undefined))
        return Promise.reject(new LoaderError("http-network", request.url));
      const match = /^bytes=(\d+)-(\d*)$/.exec(request.range ?? "");
      if (!match || options.ignoreRange) {
        request.onResponse({
          status: 200,
          length: resource.length,
          rangeTotal: undefined,
          responseUrl: request.url,
        });
        request.onChunk(resource);
        return Promise.resolve();
      }
      const start = Number(match[1]);
      if (start >= resource.length) {
        return Promise.reject(new LoaderError("http-status", `416 for ${request.url}`));
      }
      const end = Math.min(match[2] ? Number(match[2]) : resource.length - 1, resource.length - 1);
      const body = resource.slice(start, end + 1);
      request.onResponse({
        status: 206,
        length: body.length,
        rangeTotal: resource.length,
        responseUrl: request.url,
      });
      request.onChunk(body);
      return Promise.resolve();
    },
  };
  return { client, asked };
}

export const segmentOf = (bytes: Uint8Array, range?: string, url = "https://cdn.example/s1.ts") =>
  new Segment("s1", url, range, 0, { data: bytes.slice().buffer });

export const problemOf = async (check: Promise<void>) => {
  try {
    await check;
    return "passed";
  } catch (error) {
    if (error instanceof SegmentIntegrityError) return error.problem;
    if (error instanceof LoaderError) return error.code;
    throw error;
  }
};
