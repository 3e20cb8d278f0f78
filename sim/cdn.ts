import type { Clock } from "../core/env.js";
import { FakeHttp, type FakeResource } from "../core/testing/fake-http.js";
import type { SimHost } from "./network.js";
import type { SimStream } from "./stream.js";

export interface CdnOptions {
  /** The CDN's own latency to a viewer's access network, one way (ms). */
  latencyMs: number;
  /** HTTP body chunk size, in simulated bytes. */
  chunkSize: number;
}

/** Bytes served per this window, for the peak origin rate. */
export const CDN_WINDOW_MS = 10_000;

/**
 * The origin: the stream's segments (live ones appear as they are published; before that a
 * request gets 404), served to each viewer through its own downlink after a round trip. Counts
 * every byte it serves, and per 10 s window for the peak rate.
 */
export class SimCdn {
  readonly resources = new Map<string, FakeResource>();
  /** Bytes served in each CDN_WINDOW_MS window of the run. */
  readonly windows: number[] = [];
  servedBytes = 0;

  constructor(
    private readonly clock: Clock,
    private readonly stream: SimStream,
    private readonly options: CdnOptions,
  ) {
    for (let index = 0; index < stream.count; index++) {
      const at = stream.publishedAt(index);
      if (at <= 0) this.publish(index);
      else {
        clock.setTimeout(() => {
          this.publish(index);
        }, at);
      }
    }
  }

  /** The origin's bytes of a segment, if published. */
  bytesOf(url: string): Uint8Array | undefined {
    return this.resources.get(url)?.bytes;
  }

  /** The HTTP client of a viewer on `host`: requests take a round trip, bodies its downlink. */
  client(host: SimHost): FakeHttp {
    return new FakeHttp(this.clock, {
      resources: this.resources,
      chunkSize: this.options.chunkSize,
      latencyMs: 2 * (host.latencyMs + this.options.latencyMs),
      // One chunk at a time through the viewer's downlink, booked when the CDN can send it.
      pacer: () => (bytes) =>
        new Promise((resolve) => {
          const now = this.clock.now();
          this.clock.setTimeout(resolve, host.down.book(now, bytes) - now);
        }),
      onServed: (bytes) => {
        this.servedBytes += bytes;
        const window = Math.floor(this.clock.now() / CDN_WINDOW_MS);
        while (this.windows.length <= window) this.windows.push(0);
        this.windows[window] = (this.windows[window] ?? 0) + bytes;
      },
    });
  }

  private publish(index: number): void {
    this.resources.set(this.stream.url(index), { bytes: this.stream.bytes(index) });
  }
}
