import { resolveSettings, type SegmentsStorage, type Settings } from "../core";
import { fromBase64, toBase64 } from "../messaging/bytes";
import type {
  BackgroundToEngineRequest,
  BackgroundToEngineType,
  EngineClient,
  EngineReplyTo,
} from "../messaging/background-to-engine";
import type { TabStats } from "../messaging/engine-to-background";
import type { StoredSettings } from "../messaging/stored-settings";
import { SwarmEntry } from "./swarm-entry";
import { scopedSwarmId } from "./swarm-key";

type Reply = EngineReplyTo<BackgroundToEngineType>;

/**
 * The one engine of a browser profile: HybridLoaders keyed by (site, swarmId), one segment store,
 * the settings, stats per tab. It trusts the site and tab in each request: only the background
 * sends requests (over the engine's own Port), and it takes them from the browser.
 */
export class Engine {
  readonly startedAt = Date.now();
  private settings: Settings | undefined;
  private readonly swarms = new Map<string, SwarmEntry>();
  /** Which swarm each frame ("tab:frame") is in. */
  private readonly frames = new Map<string, string>();

  constructor(private readonly storageFor: (settings: Settings) => SegmentsStorage) {}

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
        };
        stats.httpBytes += counters?.http ?? 0;
        stats.p2pBytes += counters?.p2p ?? 0;
        stats.uploadedBytes += counters?.uploaded ?? 0;
        stats.peers += entry.peers;
        byTab.set(tabId, stats);
      }
    }
    return [...byTab.values()];
  }

  private async dispatch(request: BackgroundToEngineRequest): Promise<Reply> {
    switch (request.type) {
      case "engine/configure":
        this.configure(request.settings);
        return { ok: true };
      case "engine/load":
        await this.load(request.client, request.swarmId, request);
        return { ok: true };
      case "engine/get-segment": {
        const entry = this.swarms.get(scopedSwarmId(request.client.site, request.swarmId));
        const bytes = await entry?.getSegment(request.segmentId, request.waitMs);
        return bytes === undefined
          ? { ok: true, miss: true }
          : { ok: true, bytesBase64: toBase64(bytes) };
      }
      case "engine/put-segment": {
        const entry = this.swarms.get(scopedSwarmId(request.client.site, request.swarmId));
        if (!entry) return { ok: false, error: "put-segment for a swarm this frame did not load" };
        await entry.putSegment(request.segment, fromBase64(request.bytesBase64));
        return { ok: true };
      }
      case "engine/release-tab":
        await this.releaseTab(request.tabId);
        return { ok: true };
      case "engine/status":
        return {
          ok: true,
          startedAt: this.startedAt,
          swarms: [...this.swarms.values()].map((entry) => ({
            site: entry.site,
            swarmId: entry.swarmId,
            tabs: entry.tabs,
            peers: entry.peers,
            queued: entry.queued,
          })),
        };
    }
  }

  private configure(stored: StoredSettings): void {
    // Validated again here: storage is shared with other extension pages.
    this.settings = resolveSettings(stored);
  }

  private async load(
    client: EngineClient,
    swarmId: string,
    request: Extract<BackgroundToEngineRequest, { type: "engine/load" }>,
  ): Promise<void> {
    const settings = this.settings;
    if (!settings) throw new Error("engine not configured");
    const key = scopedSwarmId(client.site, swarmId);
    const frameKey = `${String(client.tabId)}:${String(client.frameId)}`;
    const previous = this.frames.get(frameKey);
    if (previous !== undefined && previous !== key) {
      await this.leave(previous, client.tabId, client.frameId);
    }
    let entry = this.swarms.get(key);
    if (!entry) {
      entry = new SwarmEntry(client.site, swarmId, settings, this.storageFor(settings));
      this.swarms.set(key, entry);
    }
    this.frames.set(frameKey, key);
    entry.load(client, request.segments);
  }

  private async releaseTab(tabId: number): Promise<void> {
    const prefix = `${String(tabId)}:`;
    const keys = new Set<string>();
    for (const [frameKey, key] of [...this.frames]) {
      if (!frameKey.startsWith(prefix)) continue;
      this.frames.delete(frameKey);
      keys.add(key);
    }
    for (const key of keys) await this.leave(key, tabId);
  }

  private async leave(key: string, tabId: number, frameId?: number): Promise<void> {
    const entry = this.swarms.get(key);
    if (!entry?.release(tabId, frameId)) return;
    this.swarms.delete(key);
    await entry.destroy();
  }
}
