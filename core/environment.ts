import {
  systemClock,
  systemRandomBytes,
  type Clock,
  type RandomBytes,
  type RandomSource,
} from "./env.js";
import { FetchHttpClient, type HttpClient } from "./http/http-client.js";
import { XhrHttpClient } from "./http/xhr-http-client.js";
import type { Settings } from "./settings.js";
import { TrackerTransport } from "./transport/tracker-transport.js";
import type { SwarmTransport } from "./transport/transport.js";

/** What a HybridLoader takes from its surroundings; every field has a production default. */
export interface LoaderEnvironment {
  clock: Clock;
  random: RandomSource;
  randomBytes: RandomBytes;
  /** Wall-clock ms, for cache expiry that outlives a page. */
  wallClock: () => number;
  http: HttpClient;
  transport: SwarmTransport;
}

export function resolveEnvironment(
  settings: Settings,
  overrides: Partial<LoaderEnvironment> = {},
): LoaderEnvironment {
  return {
    clock: overrides.clock ?? systemClock,
    random: overrides.random ?? Math.random,
    randomBytes: overrides.randomBytes ?? systemRandomBytes,
    wallClock: overrides.wallClock ?? Date.now,
    http:
      overrides.http ??
      (settings.xhrSetup ? new XhrHttpClient(settings.xhrSetup) : new FetchHttpClient()),
    transport: overrides.transport ?? new TrackerTransport(),
  };
}
