import type { LoaderEnvironment } from "../environment.js";
import { HybridLoader } from "../hybrid-loader.js";
import { Segment } from "../segment.js";
import type { Settings } from "../settings.js";
import { FakeHttp } from "./fake-http.js";
import { ManualClock, seededRandom } from "./manual-clock.js";
import { MemoryNetwork, type MemoryNetworkOptions } from "./memory-network.js";

/**
 * Loaders on virtual time: one clock, one in-memory network, one in-memory origin. Used by the
 * loader's tests (and by the simulator): everything the real loader does, nothing real-time.
 */
export class LoaderRig {
  readonly clock = new ManualClock();
  readonly http = new FakeHttp(this.clock);
  readonly network: MemoryNetwork;
  readonly loaders: HybridLoader[] = [];
  private seed = 1;

  constructor(network: MemoryNetworkOptions = {}) {
    this.network = new MemoryNetwork(this.clock, network);
  }

  loader(settings: Partial<Settings> = {}, environment: Partial<LoaderEnvironment> = {}) {
    const loader = new HybridLoader(settings, {
      clock: this.clock,
      wallClock: () => this.clock.now(),
      random: seededRandom(this.seed++),
      http: this.http,
      transport: this.network.transport(),
      ...environment,
    });
    this.loaders.push(loader);
    return loader;
  }

  /** Adds `count` resources of `size` bytes (distinct contents) and returns their segments. */
  segments(count: number, size: number, options: { bytesPerMs?: number } = {}): Segment[] {
    return Array.from({ length: count }, (_, index) => {
      const url = `https://origin.test/seg${String(index)}.ts`;
      const bytes = new Uint8Array(size).map((_, at) => (at * 31 + index * 7) & 0xff);
      this.http.resources.set(url, { bytes, ...options });
      return new Segment(`seg${String(index)}`, url, undefined, index);
    });
  }

  bytesOf(segment: Segment): Uint8Array {
    const resource = this.http.resources.get(segment.url);
    if (!resource) throw new Error(`no resource for ${segment.url}`);
    return resource.bytes;
  }

  async destroy(): Promise<void> {
    await Promise.all(this.loaders.map((loader) => loader.destroy()));
  }
}

/** A queue of the given segments with priorities from `first` on. */
export const withPriorities = (segments: readonly Segment[], first = 0) =>
  segments.map(
    (segment, index) => new Segment(segment.id, segment.url, segment.range, first + index),
  );
