import { LoaderError, type HttpClient, type HttpRequest } from "../core";

/**
 * Which URLs the engine asks a page to fetch for its site (see docs/engine.md, "What the engine
 * fetches"). The fetch itself is the page's (messaging/page-fetch.ts): the browser applies the
 * page's CORS, credentials, private-network and redirect rules, so the engine never obtains a
 * response the page could not read. This wrapper keeps the orders themselves narrow:
 * - only URLs that are in the site's current load() queue (the loader fetches nothing else, and
 *   segmentUrlBuilder cannot be set from outside);
 * - http(s) only, and https only for an https site (no downgrade);
 * - a private or loopback host only for a site that is itself private or loopback.
 */
export class GuardedHttpClient implements HttpClient {
  constructor(
    private readonly inner: HttpClient,
    private readonly site: string,
    private readonly isQueued: (url: string) => boolean,
  ) {}

  request(request: HttpRequest): Promise<void> {
    const refusal = refuseUrl(this.site, request.url, this.isQueued);
    if (refusal !== undefined) {
      return Promise.reject(new LoaderError("http-network", `refused ${request.url}: ${refusal}`));
    }
    return this.inner.request(request);
  }
}

/** Why the engine will not fetch `url` for `site`, or undefined when it may. */
export function refuseUrl(
  site: string,
  url: string,
  isQueued: (url: string) => boolean,
): string | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return "not a URL";
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return "not http(s)";
  const origin = new URL(site);
  if (origin.protocol === "https:" && target.protocol !== "https:") return "downgrade to http";
  if (isPrivateHost(target.hostname) && !isPrivateHost(origin.hostname)) {
    return "private address for a public site";
  }
  if (!isQueued(url)) return "not in the site's queue";
  return undefined;
}

/**
 * Loopback, link-local, private and unique-local addresses, and localhost names, from the URL's
 * literal host (a name that resolves to such an address is the browser's private-network rules'
 * to catch: the page's own fetch is subject to them). IPv4-mapped IPv6 (`[::ffff:7f00:1]`, as
 * the URL parser writes `[::ffff:127.0.0.1]`) and the unspecified address `[::]` count as the
 * IPv4 address / loopback they stand for.
 */
export function isPrivateHost(hostname: string): boolean {
  let host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const high = parseInt(mapped[1] ?? "0", 16);
    const low = parseInt(mapped[2] ?? "0", 16);
    host = [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  }
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1" || host === "::") {
    return true;
  }
  if (/^(fc|fd)[0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return true;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!v4) return false;
  const [a, b] = [Number(v4[1]), Number(v4[2])];
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}
