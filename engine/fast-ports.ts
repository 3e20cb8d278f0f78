/**
 * The engine's fast-path ports. The service worker hands each port over with the client it
 * redeemed the port's token for (tab, frame, site from the relay's MessageSender); from then on
 * every request on the port acts for that client and nothing else: requests carry no site, and
 * each one is validated (a page cannot reach the port, but the engine does not rely on that).
 *
 * Answers carry the segment as an ArrayBuffer, structured-cloned rather than transferred: the
 * buffer may be the store's own copy, and between processes both cost one copy anyway.
 */
import { LoaderError, type HttpRequest } from "../core";
import type { EngineClient } from "../messaging/background-to-engine";
import { pageFetchEventSchema } from "../messaging/page-fetch";
import { allowsClient, type SiteAccess } from "../messaging/site-access";
import {
  fastRequestSchema,
  type FastPathCounters,
  type FastReply,
  type FastRequest,
} from "../messaging/fast-path";
import type { FramePort } from "../messaging/frame-port";
import { FrameRateLimit } from "../messaging/frame-rate-limit";
import type { SegmentDescriptor } from "../messaging/segment-descriptor";
import { PortFetches } from "./page-fetches";

/** Ports one tab may hold at once (one per frame with a player, plus reconnects); oldest go. */
const MAX_PORTS_PER_TAB = 16;

/** What a port needs from the engine. */
export interface FastPortTarget {
  load(client: EngineClient, swarmId: string, segments: SegmentDescriptor[]): Promise<void>;
  getSegment(
    client: EngineClient,
    swarmId: string,
    segmentId: string,
    waitMs: number,
  ): Promise<ArrayBuffer | undefined>;
  putSegment(
    client: EngineClient,
    swarmId: string,
    segment: { id: string; url: string; range?: string },
    bytes: ArrayBuffer,
  ): Promise<void>;
}

/**
 * A bound port: the client it acts for, the fetches ordered through its page, and its latest
 * load (a segment request waits for the loads sent before it, as it would on one queue).
 */
interface OpenPort {
  client: EngineClient;
  fetches: PortFetches;
  loaded: Promise<unknown>;
}

export class FastPorts {
  private readonly open = new Map<FramePort, OpenPort>();
  private readonly counts = {
    bound: 0,
    loads: 0,
    gets: 0,
    hits: 0,
    puts: 0,
    fetches: 0,
    invalid: 0,
    limited: 0,
  };
  /** The same budget per frame as the background's for runtime messages. */
  private readonly rate = new FrameRateLimit();

  constructor(private readonly target: FastPortTarget) {}

  /**
   * Serves `port` for `client` (as the browser vouched: through the service worker's token in
   * Chrome, the runtime.Port's sender in Firefox) until the frame or tab goes.
   */
  bind(port: FramePort, client: EngineClient): void {
    const { tabId, frameId, site, topSite } = client;
    const bound: EngineClient = {
      tabId,
      frameId,
      site,
      ...(topSite === undefined ? {} : { topSite }),
    };
    const ofTab = [...this.open].filter(([, other]) => other.client.tabId === bound.tabId);
    for (const [old] of ofTab.slice(0, Math.max(0, ofTab.length - MAX_PORTS_PER_TAB + 1))) {
      this.close(old);
    }
    const fetches = new PortFetches((order) => {
      port.postMessage(order);
    });
    this.open.set(port, { client: bound, fetches, loaded: Promise.resolve() });
    this.counts.bound++;
    port.onMessage((data) => {
      this.receive(port, bound, data);
    });
    port.onClose(() => {
      this.close(port);
    });
    post(port, { type: "bound" });
  }

  /** Closes every port (the engine is stopping). */
  closeAll(): void {
    for (const port of [...this.open.keys()]) this.close(port);
  }

  /** Closes the ports of a tab that no longer uses the engine. */
  releaseTab(tabId: number): void {
    for (const [port, { client }] of [...this.open]) if (client.tabId === tabId) this.close(port);
  }

  /** Closes the ports of one frame that stopped. */
  releaseFrame(tabId: number, frameId: number): void {
    for (const [port, { client }] of [...this.open]) {
      if (client.tabId === tabId && client.frameId === frameId) this.close(port);
    }
  }

  /** Closes the ports of every frame the viewer no longer allows (its site, or its top site). */
  keepSites(access: SiteAccess): void {
    for (const [port, { client }] of [...this.open]) {
      if (!allowsClient(access, client)) this.close(port);
    }
  }

  /**
   * Fetches `request` through the first of `frames` (most wanted first) that has a port open:
   * with that page's own network stack (messaging/page-fetch.ts). Rejects with "http-network"
   * when none has: the engine has no network access of its own for a page.
   */
  fetchThrough(
    frames: readonly Pick<EngineClient, "tabId" | "frameId" | "site">[],
    request: HttpRequest,
  ): Promise<void> {
    for (const frame of frames) {
      for (const { client, fetches } of this.open.values()) {
        const same =
          client.tabId === frame.tabId &&
          client.frameId === frame.frameId &&
          client.site === frame.site;
        if (same) {
          this.counts.fetches++;
          return fetches.fetch(request);
        }
      }
    }
    return Promise.reject(
      new LoaderError("http-network", `no page to fetch through: ${request.url}`),
    );
  }

  counters(): FastPathCounters {
    return { ...this.counts, open: this.open.size };
  }

  private receive(port: FramePort, client: EngineClient, data: unknown): void {
    const type = (data as { type?: unknown } | null)?.type;
    if (typeof type === "string" && type.startsWith("fetch-")) {
      const event = pageFetchEventSchema.safeParse(data);
      if (event.success) this.open.get(port)?.fetches.receive(event.data);
      else this.counts.invalid++;
      return;
    }
    const parsed = fastRequestSchema.safeParse(data);
    if (!parsed.success) {
      this.counts.invalid++;
      return;
    }
    const request = parsed.data;
    const open = this.open.get(port);
    if (!open) return;
    post(port, { type: "ack", id: request.id });
    if (!this.rate.take(`${String(client.tabId)}:${String(client.frameId)}`)) {
      this.counts.limited++;
      post(port, { type: "error", id: request.id, error: "rate-limited" });
      return;
    }
    const answered = open.loaded.then(() => this.answer(client, request));
    if (request.type === "load") open.loaded = answered;
    void answered.then((reply) => {
      post(port, reply);
    });
  }

  private async answer(client: EngineClient, request: FastRequest): Promise<FastReply> {
    const { id } = request;
    try {
      if (request.type === "load") {
        this.counts.loads++;
        await this.target.load(client, request.swarmId, request.segments);
        return { type: "loaded", id };
      }
      if (request.type === "keep-alive") return { type: "alive", id };
      if (request.type === "get-segment") {
        this.counts.gets++;
        const { swarmId, segmentId, waitMs } = request;
        const bytes = await this.target.getSegment(client, swarmId, segmentId, waitMs);
        if (bytes === undefined) return { type: "miss", id };
        this.counts.hits++;
        return { type: "segment", id, bytes };
      }
      this.counts.puts++;
      const { swarmId, segmentId, url, range, bytes } = request;
      const segment = { id: segmentId, url, ...(range === undefined ? {} : { range }) };
      await this.target.putSegment(client, swarmId, segment, bytes);
      return { type: "stored", id };
    } catch (error) {
      return { type: "error", id, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private close(port: FramePort): void {
    const open = this.open.get(port);
    if (!open) return;
    this.open.delete(port);
    open.fetches.close();
    port.close();
  }
}

function post(port: FramePort, reply: FastReply): void {
  port.postMessage(reply);
}
