import { exactKey, hostlessKey, pathKey } from "./url-key";

/**
 * Values keyed by URL and byte range, found in O(1): by the exact URL first, then by the URL
 * without query (the player's tokens rotated since the manifest was read), then by the path
 * alone (the player switched CDN host). Each level is one Map with a composite string key.
 */
export class UrlIndex<T> {
  private readonly levels = [
    { key: exactKey, map: new Map<string, T>() },
    { key: pathKey, map: new Map<string, T>() },
    { key: hostlessKey, map: new Map<string, T>() },
  ] as const;

  /** Registers `value` for `url` + `range` ("" when none); a later add for the same key wins. */
  add(url: URL, range: string, value: T): void {
    for (const level of this.levels) level.map.set(`${range} ${level.key(url)}`, value);
  }

  /** Unregisters `value`, leaving keys that a later add gave to another value alone. */
  remove(url: URL, range: string, value: T): void {
    for (const level of this.levels) {
      const key = `${range} ${level.key(url)}`;
      if (level.map.get(key) === value) level.map.delete(key);
    }
  }

  /** The value for `url` + `range`, loosest level last. */
  find(url: URL, range: string): T | undefined {
    for (const level of this.levels) {
      const value = level.map.get(`${range} ${level.key(url)}`);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Number of exact keys (for tests of memory bounds). */
  get size(): number {
    return this.levels[0].map.size;
  }
}
