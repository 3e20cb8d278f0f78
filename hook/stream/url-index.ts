import { exactKey, stableKey } from "./url-key";

/** Who registered a hostless key: the origin of the URL and the value. */
interface HostlessEntry<T> {
  origin: string;
  value: T;
}

/**
 * Values keyed by URL and byte range, found in O(1): by the exact URL first, then by the URL
 * without known tokens (the player's tokens rotated since the manifest was read), then by that
 * without host (the player switched CDN host). Each level is one Map with a composite string key.
 *
 * The host-less level is the only one where two different resources can meet: the same path
 * and query on two hosts can be two different videos (`/hls/index1.ts` is common). So it answers
 * only when every origin that registered the key leads to the same target (`sameTarget`), e.g. one
 * video's manifest fetched from two CDNs; otherwise the request goes out untouched.
 */
export class UrlIndex<T> {
  private readonly exact = new Map<string, T>();
  private readonly stable = new Map<string, T>();
  private readonly hostless = new Map<string, HostlessEntry<T>[]>();

  /** `sameTarget` says whether two values lead to the same bytes (default: the same value). */
  constructor(private readonly sameTarget: (a: T, b: T) => boolean = Object.is) {}

  /** Registers `value` for `url` + `range` ("" when none); a later add for the same key wins. */
  add(url: URL, range: string, value: T): void {
    const keys = keysOf(url, range);
    this.exact.set(keys.exact, value);
    this.stable.set(keys.stable, value);
    const others = (this.hostless.get(keys.hostless) ?? []).filter(
      (entry) => entry.origin !== url.origin,
    );
    this.hostless.set(keys.hostless, [...others, { origin: url.origin, value }]);
  }

  /** Unregisters `value`, leaving keys that a later add gave to another value alone. */
  remove(url: URL, range: string, value: T): void {
    const keys = keysOf(url, range);
    if (this.exact.get(keys.exact) === value) this.exact.delete(keys.exact);
    if (this.stable.get(keys.stable) === value) this.stable.delete(keys.stable);
    const rest = (this.hostless.get(keys.hostless) ?? []).filter((entry) => entry.value !== value);
    if (rest.length === 0) this.hostless.delete(keys.hostless);
    else this.hostless.set(keys.hostless, rest);
  }

  /** The value for `url` + `range`, loosest level last. */
  find(url: URL, range: string): T | undefined {
    const exact = this.exact.get(`${range} ${exactKey(url)}`);
    if (exact !== undefined) return exact;
    const keys = keysOf(url, range);
    const stable = this.stable.get(keys.stable);
    if (stable !== undefined) return stable;
    const entries = this.hostless.get(keys.hostless) ?? [];
    const last = entries.at(-1);
    if (last === undefined) return undefined;
    return entries.every((entry) => this.sameTarget(entry.value, last.value))
      ? last.value
      : undefined;
  }

  /** Number of exact keys (for tests of memory bounds). */
  get size(): number {
    return this.exact.size;
  }
}

/** The three composite keys of `url` + `range`; the stable key is computed once. */
function keysOf(url: URL, range: string): { exact: string; stable: string; hostless: string } {
  const stable = stableKey(url);
  return {
    exact: `${range} ${exactKey(url)}`,
    stable: `${range} ${url.origin}${stable}`,
    hostless: `${range} ${stable}`,
  };
}
