/**
 * The engine's lifecycle, seen from the background: starts the engine on demand (through the
 * browser's EngineLauncher: Chrome's offscreen document, Firefox's engine in the event page),
 * waits for its channel, configures it, replays the tabs' last load() after a restart, forwards
 * requests and stops the engine when no tab uses it. A channel that drops without the
 * background stopping the engine means the engine died: that is counted, and the next request
 * starts a new one.
 */
import type {
  BackgroundToEngineRequest,
  BackgroundToEngineType,
  EngineClient,
  EngineReplyTo,
} from "../messaging/background-to-engine";
import type { EngineToBackgroundMessage, TabStats } from "../messaging/engine-to-background";
import type { RuntimePortLike } from "../messaging/frame-port";
import type { EngineTotals } from "../messaging/lifetime-totals";
import { allowsClient, type SiteAccess } from "../messaging/site-access";
import { PendingReplies } from "../messaging/pending-replies";
import { readSettings } from "./settings-store";

type LoadRequest = Extract<BackgroundToEngineRequest, { type: "engine/load" }>;

const START_TIMEOUT_MS = 10_000;
/** Extra time a request may take beyond what it asks the engine to wait. */
const REQUEST_SLACK_MS = 15_000;
/** How long the document stays after the last tab left (a reload comes back quickly). */
const IDLE_CLOSE_MS = 2000;

/** What tests and the popup can see of the engine's life. */
export interface EngineHostState {
  running: boolean;
  starts: number;
  /** Times the engine's Port dropped without the background closing the document. */
  unexpectedStops: number;
  tabs: number[];
}

/** How a browser runs the engine: the one thing about the engine that differs between browsers. */
export interface EngineLauncher {
  /** True when an engine exists (it may still be starting). */
  exists(): Promise<boolean>;
  /** Starts an engine; its channel reaches the host through `EngineHost.attach`. */
  launch(): Promise<void>;
  /** Stops the engine; its channel then drops. */
  close(): Promise<void>;
}

type AnyReply = EngineReplyTo<BackgroundToEngineType>;

export class EngineHost {
  private port: RuntimePortLike | undefined;
  /** The channel the engine took its settings on (a new channel's engine has none yet). */
  private configured: RuntimePortLike | undefined;
  private starting: Promise<RuntimePortLike> | undefined;
  private portWaiters: ((port: RuntimePortLike) => void)[] = [];
  private readonly replies = new PendingReplies<AnyReply>();
  /** The last load of every frame that uses the engine, by tab then frame. */
  private readonly loads = new Map<number, Map<number, LoadRequest>>();
  private closing = false;
  /**
   * Frames ("tab:frame") with a fast-path port bound to the running engine: a page whose relay
   * opened one is about to use the engine (it warms up before its first load), so the engine is
   * not idle while it has one.
   */
  private readonly ported = new Map<string, EngineClient>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly state = { starts: 0, unexpectedStops: 0 };

  constructor(
    private readonly launcher: EngineLauncher,
    private readonly onStats: (tabs: TabStats[], totals: EngineTotals) => void,
  ) {}

  /** Takes the running engine's channel (the launcher vouched for it). */
  attach(port: RuntimePortLike): void {
    this.port = port;
    port.onMessage.addListener((message: unknown) => {
      this.receive(message as EngineToBackgroundMessage);
    });
    port.onDisconnect.addListener(() => {
      this.lost(port);
    });
    const waiters = this.portWaiters;
    this.portWaiters = [];
    for (const wake of waiters) wake(port);
  }

  hostState(): EngineHostState {
    return {
      running: this.port !== undefined,
      starts: this.state.starts,
      unexpectedStops: this.state.unexpectedStops,
      // Tabs that loaded through the background or hold a port (loads may go through it alone).
      tabs: [
        ...new Set([
          ...this.loads.keys(),
          ...[...this.ported.keys()].map((key) => Number(key.split(":")[0])),
        ]),
      ],
    };
  }

  /** Sends a request, starting the engine first if needed. */
  async request<T extends BackgroundToEngineRequest>(
    request: T,
  ): Promise<EngineReplyTo<T["type"]>> {
    if (request.type === "engine/load") this.remember(request);
    let port: RuntimePortLike;
    try {
      port = await this.ensure();
    } catch (error) {
      return { ok: false, error: `engine unavailable: ${String(error)}` };
    }
    const waitMs = request.type === "engine/get-segment" ? request.waitMs : 0;
    return this.send(port, request, waitMs + REQUEST_SLACK_MS) as Promise<EngineReplyTo<T["type"]>>;
  }

  /** Starts the engine if it is not running; false when it cannot be started. */
  async ready(): Promise<boolean> {
    try {
      await this.ensure();
      return true;
    } catch {
      return false;
    }
  }

  /** The tab no longer uses the engine; the document closes when no tab does. */
  async releaseTab(tabId: number): Promise<void> {
    const ports = [...this.ported.keys()].filter((key) => key.startsWith(`${String(tabId)}:`));
    for (const key of ports) this.ported.delete(key);
    // A frame with a port may have loaded through it alone: the engine is told either way.
    if (!this.loads.delete(tabId) && ports.length === 0) return;
    if (this.port)
      await this.send(this.port, { type: "engine/release-tab", tabId }, REQUEST_SLACK_MS);
    this.scheduleIdleClose();
  }

  /** A fast-path port of `frame` was handed to the running engine. */
  portBound(client: EngineClient): void {
    this.ported.set(`${String(client.tabId)}:${String(client.frameId)}`, client);
    clearTimeout(this.idleTimer);
  }

  /** One frame no longer uses the engine (its tab's other frames may). */
  async releaseFrame(frame: Pick<EngineClient, "tabId" | "frameId">): Promise<void> {
    const hadPort = this.ported.delete(`${String(frame.tabId)}:${String(frame.frameId)}`);
    const frames = this.loads.get(frame.tabId);
    const hadLoad = frames?.delete(frame.frameId) === true;
    if (frames?.size === 0) this.loads.delete(frame.tabId);
    // A frame with a port may have loaded through it alone: the engine is told either way.
    if (!hadLoad && !hadPort) return;
    if (this.port) {
      await this.send(this.port, { type: "engine/release-frame", ...frame }, REQUEST_SLACK_MS);
    }
    this.scheduleIdleClose();
  }

  /**
   * The sites the engine may act for changed: a running engine leaves the swarms and closes the
   * fast-path ports of every other site, and those loads are not replayed after a restart.
   */
  async keepSites(access: SiteAccess): Promise<void> {
    for (const [key, client] of [...this.ported])
      if (!allowsClient(access, client)) this.ported.delete(key);
    for (const [tabId, frames] of [...this.loads]) {
      for (const [frameId, load] of [...frames]) {
        if (!allowsClient(access, load.client)) frames.delete(frameId);
      }
      if (frames.size === 0) this.loads.delete(tabId);
    }
    if (this.port) {
      await this.send(this.port, { type: "engine/keep-sites", access }, REQUEST_SLACK_MS);
    }
    this.scheduleIdleClose();
  }

  /**
   * What the segment cache holds, after emptying it if `clear`. Starts the engine if need be (the
   * cache is its IndexedDB); an engine started only for this closes again when idle.
   */
  async cache(clear: boolean): Promise<EngineReplyTo<"engine/cache-usage">> {
    const reply = await this.request({ type: clear ? "engine/clear-cache" : "engine/cache-usage" });
    this.scheduleIdleClose();
    return reply;
  }

  /** Pushes changed settings to a running engine (new loaders use them). */
  async reconfigure(): Promise<void> {
    if (!this.port) return;
    await this.send(
      this.port,
      { type: "engine/configure", settings: await readSettings() },
      REQUEST_SLACK_MS,
    );
  }

  private remember(request: LoadRequest): void {
    const frames = this.loads.get(request.client.tabId) ?? new Map<number, LoadRequest>();
    frames.set(request.client.frameId, request);
    this.loads.set(request.client.tabId, frames);
    clearTimeout(this.idleTimer);
  }

  /**
   * The engine's channel once the engine has its settings. The channel attaches before start()
   * has read the settings and sent them (and Chrome's offscreen document reconnects by itself
   * after a service worker restart): a request in that gap waits for them (the engine refuses a
   * load before its settings with "engine not configured").
   */
  private ensure(): Promise<RuntimePortLike> {
    if (this.port !== undefined && this.port === this.configured) {
      return Promise.resolve(this.port);
    }
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Starts the engine if need be, gives it its settings, then replays the frames' loads. */
  private async start(): Promise<RuntimePortLike> {
    const port = this.port ?? (await this.launch());
    const settings = await readSettings();
    const reply = await this.send(port, { type: "engine/configure", settings }, REQUEST_SLACK_MS);
    if (!reply.ok) throw new Error(`the engine took no settings: ${reply.error}`);
    this.configured = port;
    for (const frames of this.loads.values()) {
      for (const load of frames.values()) await this.send(port, load, REQUEST_SLACK_MS);
    }
    return port;
  }

  /** Launches an engine unless one exists, and waits for its channel. */
  private async launch(): Promise<RuntimePortLike> {
    const connected = new Promise<RuntimePortLike>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error("the engine did not connect"));
      }, START_TIMEOUT_MS);
      this.portWaiters.push((port) => {
        clearTimeout(timer);
        resolve(port);
      });
    });
    if (!(await this.launcher.exists())) {
      this.state.starts++;
      await this.launcher.launch();
    }
    return connected;
  }

  private send(
    port: RuntimePortLike,
    request: BackgroundToEngineRequest,
    timeoutMs: number,
  ): Promise<AnyReply> {
    const { id, reply } = this.replies.open({
      ms: timeoutMs,
      onExpire: (expired) => this.replies.settle(expired, { ok: false, error: "engine timed out" }),
    });
    try {
      port.postMessage({ kind: "request", id, request });
    } catch (error) {
      this.replies.settle(id, { ok: false, error: `engine unreachable: ${String(error)}` });
    }
    return reply;
  }

  private receive(message: EngineToBackgroundMessage): void {
    switch (message.kind) {
      case "hello":
        return;
      case "stats":
        this.onStats(message.tabs, message.totals);
        return;
      case "reply":
        this.replies.settle(message.id, message.reply);
    }
  }

  private lost(port: RuntimePortLike): void {
    if (this.port !== port) return;
    this.port = undefined;
    this.ported.clear();
    if (!this.closing) this.state.unexpectedStops++;
    this.closing = false;
    this.replies.settleAll({ ok: false, error: "engine stopped" });
  }

  private scheduleIdleClose(): void {
    clearTimeout(this.idleTimer);
    if (this.loads.size > 0 || this.ported.size > 0) return;
    this.idleTimer = setTimeout(() => {
      void this.closeIfIdle();
    }, IDLE_CLOSE_MS);
  }

  private async closeIfIdle(): Promise<void> {
    if (this.loads.size > 0 || this.ported.size > 0 || this.starting) return;
    if (!(await this.launcher.exists())) return;
    this.closing = true;
    try {
      await this.launcher.close();
    } catch {
      // Gone already (closed behind our back meanwhile): that stop was not ours.
      this.closing = false;
    }
  }
}
