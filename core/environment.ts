import {
  systemClock,
  systemRandomBytes,
  type Clock,
  type RandomBytes,
  type RandomSource,
} from "./env.js";
import { FetchHttpClient, type HttpClient } from "./http/http-client.js";
import { XhrHttpClient } from "./http/xhr-http-client.js";
import type { Digest } from "./p2p/attestations.js";
import { DEFAULT_PEER_BUDGET, PeerBudget } from "./p2p/peer-budget.js";
import { swarmInfoHash } from "./p2p/swarm-id.js";
import { DEFAULT_CONCURRENT_UPLOADS, UploadBudget } from "./p2p/upload-budget.js";
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
  /**
   * The tracker info hash of a swarm id (swarmInfoHash: SHA-1 through crypto.subtle). A simulator
   * on virtual time passes precomputed hashes: crypto.subtle finishes on another thread in real
   * time, so a join would land at an arbitrary virtual time.
   */
  swarmInfoHash: (swarmId: string) => Promise<string>;
  /**
   * Digests what we fetched whole from the origin, to announce to peers (core/p2p/attestations.ts);
   * null (the default): nothing is attested, as in P2P Media Loader. The engine passes sha256.
   */
  digest: Digest | null;
  /**
   * Peers and pending WebRTC connections, shared by every loader of an engine (one per
   * extension engine). By default each loader has its own with DEFAULT_PEER_BUDGET.
   */
  peerBudget: PeerBudget;
  /**
   * Concurrent uploads and the upload bandwidth cap, shared the same way. By default each loader
   * has its own: DEFAULT_CONCURRENT_UPLOADS, and p2pMaxUploadSpeed from its settings.
   */
  uploads: UploadBudget;
}

export function resolveEnvironment(
  settings: Settings,
  overrides: Partial<LoaderEnvironment> = {},
): LoaderEnvironment {
  const clock = overrides.clock ?? systemClock;
  return {
    clock,
    random: overrides.random ?? Math.random,
    randomBytes: overrides.randomBytes ?? systemRandomBytes,
    wallClock: overrides.wallClock ?? Date.now,
    http:
      overrides.http ??
      (settings.xhrSetup ? new XhrHttpClient(settings.xhrSetup) : new FetchHttpClient()),
    transport: overrides.transport ?? new TrackerTransport(),
    swarmInfoHash: overrides.swarmInfoHash ?? swarmInfoHash,
    digest: overrides.digest ?? null,
    peerBudget: overrides.peerBudget ?? new PeerBudget(DEFAULT_PEER_BUDGET, clock),
    uploads:
      overrides.uploads ??
      new UploadBudget(DEFAULT_CONCURRENT_UPLOADS, settings.p2pMaxUploadSpeed, clock),
  };
}
