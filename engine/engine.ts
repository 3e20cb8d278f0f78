import { PeerBudget, resolveSettings, UploadBudget, type Settings } from "../core";
import { systemClock } from "../core/env";
import { landBytes } from "../messaging/bytes";
import type {
  BackgroundToEngineRequest,
  BackgroundToEngineType,
  EngineClient,
  EngineReplyTo,
} from "../messaging/background-to-engine";
import type { TabStats } from "../messaging/engine-to-background";
import { ZERO_COUNTS, type ByteCounts, type EngineTotals } from "../messaging/lifetime-totals";
import type { SegmentDescriptor } from "../messaging/segment-descriptor";
import { allowsClient, allowsSite, type SiteAccess } from "../messaging/site-access";
import type { StoredSettings } from "../messaging/stored-settings";
import { FastPorts } from "./fast-ports";
import { ENGINE_LIMITS } from "../messaging/engine-limits";
import { admitSwarm, type Admission } from "./swarm-admission";
import type { SharedSegmentStore } from "./shared-store";
import { SwarmEntry, type SwarmTabCounters } from "./swarm-entry";
import { scopedSwarmId } from "./swarm-key";
import type { CacheUsage } from "../core/storage/segments-storage";
import { watchMetered, type ConnectionInfo } from "./metered-connection";

type Reply = EngineReplyTo<BackgroundToEngineType>;

const frameKeyOf = (frame: Pick<EngineClient, "tabId" | "frameId">): string =>
  `${String(frame.tabId)}:${String(frame.frameId)}`;

const FIELD: Record<keyof SwarmTabCounters, keyof ByteCounts> = {
  http: "httpBytes",
  p2p: "p2pBytes",
  uploaded: "uploadedBytes",
};

/**
 * The one engine of a browser profile: HybridLoaders keyed by (site, swarmId), one segment store,
 * the settings, stats per tab, byte counts per site for this run (the background adds them up
 * across runs: messaging/lifetime-totals.ts). It trusts the site and tab in each request: only the background
 * sends requests (over the engine's own Port), and it takes them from the browser. Fast-path
 * ports (engine/fast-ports.ts) act for the client the background bound them to.
 */
export class Engine {
  readonly startedAt = Date.now();
  /** Tells this run's counts from an earlier engine's (which the background already counted). */
  readonly runId = crypto.randomUUID();
  private settings: Settings | undefined;
  /** Bytes per site since the engine started, each counted once (not once per tab). */
  private readonly siteCounts = new Map<string, ByteCounts>();
  private readonly swarms = new Map<string, SwarmEntry>();
  /**
   * The swarms each frame ("tab:frame") is in: one per track it plays (a DASH page plays a
   * video and an audio representation at once, each its own swarm).
   */
  private readonly frames = new Map<string, Set<string>>();
  /** Each frame's client as its last load named it (for keepSites: its top site). */
  private readonly clients = new Map<string, EngineClient>();

  /** Fast-path ports, each bound to the client the background vouched for. */
  readonly ports = new FastPorts(this);
  /** Peers and pending WebRTC connections of all swarms together (ENGINE_LIMITS). */
  readonly peerBudget = new PeerBudget(
    { peers: ENGINE_LIMITS.peers, pendingOffers: ENGINE_LIMITS.pendingOffers },
    systemClock,
  );
  /** Uploads of all swarms together; the bandwidth cap is the viewer's p2pMaxUploadSpeed. */
  readonly uploads = new UploadBudget(ENGINE_LIMITS.concurrentUploads, 0, systemClock);

  /** The segment store, once the first swarm opened it. */
  private store: SharedSegmentStore | undefined;

  /** The browser says the connection is metered (engine/metered-connection.ts). */
  private metered = false;

  constructor(
    private readonly storeFor: (settings: Settings) => SharedSegmentStore,
    /** The browser's (browserConnection()); undefined where the browser has none. */
    connection: ConnectionInfo | undefined,
  ) {
    // The engine lives as long as its page: the listener goes with it.
    watchMetered(connection, (metered) => {
      this.metered = metered;
      this.applyUploadPause();
    });
  }

  /** Whether uploads are paused now because the connection is metered. */
  get uploadsPaused(): boolean {
    return this.uploads.isPaused;
  }

  /**
   * A segment of `client.site`'s swarm, waiting up to waitMs if it is queued; undefined is a miss.
   * The site comes from the caller (the background's request, or the port's binding), never from
   * the page: another site's swarm of the same id is a different swarm.
   */
  async getSegment(
    client: EngineClient,
    swarmId: string,
    segmentId: string,
    waitMs: number,
  ): Promise<ArrayBuffer | undefined> {
    const entry = this.swarms.get(scopedSwarmId(client.site, swarmId));
    return entry?.getSegment(segmentId, waitMs);
  }

  /** Bytes a page fetched itself, into `client.site`'s swarm, which that site must have loaded. */
  async putSegment(
    client: EngineClient,
    swarmId: string,
    segment: Omit<SegmentDescriptor, "priority">,
    bytes: ArrayBuffer,
  ): Promise<void> {
    const entry = this.swarms.get(scopedSwarmId(client.site, swarmId));
    if (!entry) throw new Error("put-segment for a swarm this frame did not load");
    await entry.putSegment(client, segment, bytes);
  }

  /** Answers one request; never throws (errors become `{ ok: false }`). */
  async handle(request: BackgroundToEngineRequest): Promise<Reply> {
    try {
      return await this.dispatch(request);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Per-tab stats over all the swarms each tab uses. */
  stats(): TabStats[] {
    const byTab = new Map<number, TabStats>();
    for (const entry of this.swarms.values()) {
      for (const tabId of entry.tabs) {
        const counters = entry.countersFor(tabId);
        const stats = byTab.get(tabId) ?? {
          tabId,
          httpBytes: 0,
          p2pBytes: 0,
          uploadedBytes: 0,
          peers: 0,
          uploadsPaused: this.uploadsPaused,
          sites: [],
        };
        if (!stats.sites.includes(entry.site)) stats.sites.push(entry.site);
        stats.httpBytes += counters?.http ?? 0;
        stats.p2pBytes += counters?.p2p ?? 0;
        stats.uploadedBytes += counters?.uploaded ?? 0;
        stats.peers += entry.peers;
        byTab.set(tabId, stats);
      }
    }
    return [...byTab.values()];
  }

  /** This run's counts per site (they only grow while the engine lives). */
  totals(): EngineTotals {
    return {
      run: this.runId,
      sites: [...this.siteCounts].map(([site, counts]) => ({ site, ...counts })),
    };
  }

  private async dispatch(request: BackgroundToEngineRequest): Promise<Reply> {
    switch (request.type) {
      case "engine/configure":
        this.configure(request.settings);
        return { ok: true };
      case "engine/load":
        await this.load(request.client, request.swarmId, request.segments);
        return { ok: true };
      case "engine/get-segment": {
        const { client, swarmId, segmentId, waitMs } = request;
        const bytes = await this.getSegment(client, swarmId, segmentId, waitMs);
        // An ArrayBuffer: the channel's transport carries it on (engine/engine-server.ts).
        return bytes === undefined
          ? { ok: true, type: "miss" }
          : { ok: true, type: "segment", bytes };
      }
      case "engine/put-segment":
        await this.putSegment(
          request.client,
          request.swarmId,
          request.segment,
          landBytes(request.bytes),
        );
        return { ok: true };
      case "engine/release-tab":
        this.ports.releaseTab(request.tabId);
        await this.releaseFrames((frameKey) => frameKey.startsWith(`${String(request.tabId)}:`));
        return { ok: true };
      case "engine/release-frame": {
        const { tabId, frameId } = request;
        this.ports.releaseFrame(tabId, frameId);
        await this.releaseFrames((frameKey) => frameKey === frameKeyOf({ tabId, frameId }));
        return { ok: true };
      }
      case "engine/keep-sites":
        this.ports.keepSites(request.access);
        await this.keepSites(request.access);
        return { ok: true };
      case "engine/cache-usage":
        return { ok: true, cache: await this.cacheUsage() };
      case "engine/clear-cache":
        await this.openStore().clear();
        // Each loader still believes it holds what it stored: it reads the store again, tells
        // its peers what went and fetches again what its frames still queue.
        await Promise.all([...this.swarms.values()].map((entry) => entry.storageCleared()));
        return { ok: true, cache: await this.cacheUsage() };
      case "engine/status":
        return {
          ok: true,
          startedAt: this.startedAt,
          fastPath: this.ports.counters(),
          swarms: [...this.swarms.values()].map((entry) => ({
            site: entry.site,
            swarmId: entry.swarmId,
            tabs: entry.tabs,
            peers: entry.peers,
            queued: entry.queued,
            rejectedFromPeers: entry.rejectedFromPeers,
            integrity: entry.integrityCounts,
          })),
          totals: this.totals(),
          storage: { primaryFailures: 0, storedInFallback: 0, ...this.store?.failures },
          uploadsPaused: this.uploadsPaused,
          uploadCap: this.uploads.rate,
        };
    }
  }

  private configure(stored: StoredSettings): void {
    // Validated again here: storage is shared with other extension pages.
    this.settings = resolveSettings(stored);
    // Unlike the other settings (new loaders use them), the cap, the pause on a metered
    // connection and the cache's limits apply at once to every swarm.
    this.uploads.setRate(this.settings.p2pMaxUploadSpeed);
    this.applyUploadPause();
    this.store?.setLimits(this.settings);
  }

  private applyUploadPause(): void {
    this.uploads.setPaused(this.metered && (this.settings?.pauseUploadsOnMetered ?? true));
  }

  /** The store, opened now if no swarm opened it yet (it is one IndexedDB for the profile). */
  private openStore(): SharedSegmentStore {
    const settings = this.settings;
    if (!settings) throw new Error("engine not configured");
    this.store ??= this.storeFor(settings);
    return this.store;
  }

  private cacheUsage(): Promise<CacheUsage> {
    return this.openStore().usage();
  }

  /** Replaces `client`'s queue in `client.site`'s swarm `swarmId`, joining it if need be. */
  async load(client: EngineClient, swarmId: string, segments: SegmentDescriptor[]): Promise<void> {
    const settings = this.settings;
    if (!settings) throw new Error("engine not configured");
    const key = scopedSwarmId(client.site, swarmId);
    const frameKey = frameKeyOf(client);
    // A frame stays in every swarm it loaded until it stops, up to ENGINE_LIMITS.swarmsPerFrame:
    // loading another swarm is another track, or a variant switch, after which the hook empties
    // the old queue (and the frame leaves that idle swarm first when it needs room).
    const joined = this.frames.get(frameKey) ?? new Set<string>();
    const admission = this.admit(client, joined, key);
    for (const left of admission.leave) {
      joined.delete(left);
      await this.leave(left, client.tabId, client.frameId);
    }
    if (!admission.admit) throw new Error(`${admission.limit}: ${JSON.stringify(ENGINE_LIMITS)}`);
    let entry = this.swarms.get(key);
    if (!entry) {
      const site = client.site;
      this.store = this.storeFor(settings);
      entry = new SwarmEntry(site, swarmId, settings, this.store.view(key), {
        fetchThrough: (frames, httpRequest) => this.ports.fetchThrough(frames, httpRequest),
        onBytes: (kind, bytes) => {
          const counts = this.siteCounts.get(site) ?? { ...ZERO_COUNTS };
          counts[FIELD[kind]] += bytes;
          this.siteCounts.set(site, counts);
        },
        budgets: { peerBudget: this.peerBudget, uploads: this.uploads },
      });
      this.swarms.set(key, entry);
    }
    joined.add(key);
    this.frames.set(frameKey, joined);
    this.clients.set(frameKey, client);
    entry.load(client, segments);
  }

  private admit(client: EngineClient, joined: ReadonlySet<string>, key: string): Admission {
    const frameSwarms = [...joined].map((joinedKey) => ({
      key: joinedKey,
      idle: this.swarms.get(joinedKey)?.isIdleFor(client) ?? true,
    }));
    const swarmSites = new Map([...this.swarms].map(([swarmKey, entry]) => [swarmKey, entry.site]));
    const onlyThisFrame = new Set(
      [...joined].filter((joinedKey) => this.swarms.get(joinedKey)?.isOnly(client) ?? true),
    );
    return admitSwarm(ENGINE_LIMITS, { frameSwarms, swarmSites, onlyThisFrame }, key, client.site);
  }

  /** The frames whose key matches leave every swarm they joined; unused swarms close. */
  private async releaseFrames(matches: (frameKey: string) => boolean): Promise<void> {
    for (const [frameKey, joined] of [...this.frames]) {
      if (!matches(frameKey)) continue;
      this.frames.delete(frameKey);
      this.clients.delete(frameKey);
      const [tabId = -1, frameId = -1] = frameKey.split(":").map(Number);
      for (const key of joined) await this.leave(key, tabId, frameId);
    }
  }

  /**
   * Frames the viewer no longer allows (an embedded player whose top site was switched off, while
   * another site that embeds it is still on) leave their swarms; swarms of sites no longer
   * allowed anywhere close, whoever uses them.
   */
  private async keepSites(access: SiteAccess): Promise<void> {
    await this.releaseFrames((frameKey) => {
      const client = this.clients.get(frameKey);
      return client !== undefined && !allowsClient(access, client);
    });
    for (const [key, entry] of [...this.swarms]) {
      if (allowsSite(access, entry.site)) continue;
      this.swarms.delete(key);
      for (const joined of this.frames.values()) joined.delete(key);
      await entry.destroy();
    }
  }

  private async leave(key: string, tabId: number, frameId: number): Promise<void> {
    const entry = this.swarms.get(key);
    if (!entry?.release(tabId, frameId)) return;
    this.swarms.delete(key);
    await entry.destroy();
  }
}
