/**
 * Drives the extension's background from a test, through `worker.evaluate` in its service worker:
 * presets storage (the tester's way to point the extension at a local tracker, see docs/engine.md),
 * sends the messages the page relay will send (through the background's own routing, with a
 * sender the test supplies), and reads the engine's state.
 */
import type { Worker } from "playwright-core";
import type { BackgroundTestHooks } from "../../background/test-hooks";
import type { EngineHostState } from "../../background/engine-host";
import type { EngineReplyTo } from "../../messaging/background-to-engine";
import type { TabStats } from "../../messaging/engine-to-background";
import type { BackgroundToRelayReply } from "../../messaging/relay-to-background";
import { originPattern } from "../../messaging/site-access";
import { STORAGE_KEYS, type StoredSettings } from "../../messaging/stored-settings";

/** The parts of chrome.* the evaluated functions use (the test process has no chrome types). */
interface ChromeInWorker {
  scripting: {
    getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]>;
  };
  tabs: { query(filter: { url?: string }): Promise<{ id?: number }[]> };
  storage: {
    local: {
      set(items: Record<string, unknown>): Promise<void>;
      remove(keys: string[]): Promise<void>;
    };
  };
  offscreen: { closeDocument(): Promise<void> };
  runtime: {
    id: string;
    getContexts(filter: { contextTypes: string[] }): Promise<{ documentUrl?: string }[]>;
  };
}

type WorkerGlobal = typeof globalThis & {
  chrome: ChromeInWorker;
  p2pvBackground: BackgroundTestHooks;
};

/** A frame of a tab, as the browser would describe it in MessageSender. */
export interface FakeFrame {
  tabId: number;
  frameId: number;
  /** The frame's origin, e.g. http://127.0.0.1:8080 */
  origin: string;
}

export class ExtensionDriver {
  constructor(private readonly worker: Worker) {}

  /**
   * Writes settings and the enabled sites into chrome.storage.local, with the viewer's consent
   * (what accepting on the first-run page stores): a tester's way to preset the extension.
   */
  async preset(settings: StoredSettings, enabledSites: string[]): Promise<void> {
    await this.worker.evaluate(
      async ({ keys, settings, enabledSites, acceptedAt }) => {
        const self = globalThis as WorkerGlobal;
        await self.chrome.storage.local.set({
          [keys.settings]: settings,
          [keys.enabledSites]: enabledSites,
          [keys.consent]: { acceptedAt },
        });
      },
      { keys: STORAGE_KEYS, settings, enabledSites, acceptedAt: Date.now() },
    );
  }

  /** Writes `items` into chrome.storage.local as the options page would (undefined removes). */
  async store(items: Record<string, unknown>): Promise<void> {
    await this.worker.evaluate(async (items) => {
      const storage = (globalThis as WorkerGlobal).chrome.storage.local;
      const gone = Object.keys(items).filter((key) => items[key] === undefined);
      await storage.remove(gone);
      await storage.set(
        Object.fromEntries(Object.entries(items).filter(([, v]) => v !== undefined)),
      );
    }, items);
  }

  /** Sends `message` as if the relay in `frame` had sent it (sender built from `frame`). */
  async relay(message: unknown, frame: FakeFrame): Promise<BackgroundToRelayReply> {
    const [reply] = await this.relayBurst(message, frame, 1);
    if (!reply) throw new Error("no reply");
    return reply;
  }

  /**
   * Sends `message` `count` times from `frame` in one synchronous loop inside the service worker
   * (as a flooding page would, with no time passing between the sends), and gives every reply.
   */
  relayBurst(message: unknown, frame: FakeFrame, count: number): Promise<BackgroundToRelayReply[]> {
    return this.worker.evaluate(
      async ({ message, frame, count }) => {
        const self = globalThis as WorkerGlobal;
        const sender = {
          id: self.chrome.runtime.id,
          tab: {
            id: frame.tabId,
            index: 0,
            highlighted: true,
            active: true,
            pinned: false,
            incognito: false,
          },
          frameId: frame.frameId,
          origin: frame.origin,
          url: `${frame.origin}/player.html`,
        };
        const sent = Array.from({ length: count }, () =>
          Promise.resolve(self.p2pvBackground.route(message, sender)),
        );
        return (await Promise.all(sent)) as BackgroundToRelayReply[];
      },
      { message, frame, count },
    );
  }

  state(): Promise<EngineHostState> {
    return this.worker.evaluate(() => (globalThis as WorkerGlobal).p2pvBackground.state());
  }

  engineStatus(): Promise<EngineReplyTo<"engine/status">> {
    return this.worker.evaluate(
      async () =>
        (await (
          globalThis as WorkerGlobal
        ).p2pvBackground.engineStatus()) as EngineReplyTo<"engine/status">,
    );
  }

  /** The latest stats the engine pushed for a tab. */
  stats(tabId: number): Promise<TabStats | undefined> {
    return this.worker.evaluate(
      (tabId) => (globalThis as WorkerGlobal).p2pvBackground.stats(tabId),
      tabId,
    );
  }

  /** Waits until the page hook and relay are registered for `pattern` (`<site>/*`). */
  async waitForPageScripts(sitePattern: string, timeoutMs = 5000): Promise<void> {
    const site = sitePattern.endsWith("/*") ? sitePattern.slice(0, -2) : undefined;
    const pattern = site !== undefined && URL.canParse(site) ? originPattern(site) : sitePattern;
    const start = performance.now();
    for (;;) {
      const scripts = await this.worker.evaluate(() =>
        (globalThis as WorkerGlobal).chrome.scripting.getRegisteredContentScripts(),
      );
      const covering = scripts.filter((script) => script.matches?.includes(pattern));
      if (covering.length === 2) return;
      if (performance.now() - start > timeoutMs) {
        throw new Error(`page scripts not registered for ${pattern}: ${JSON.stringify(scripts)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The id of the tab showing `url`. */
  async tabIdOf(url: string): Promise<number> {
    const tabs = await this.worker.evaluate(
      (url) => (globalThis as WorkerGlobal).chrome.tabs.query({ url }),
      url,
    );
    const id = tabs[0]?.id;
    if (id === undefined) throw new Error(`no tab shows ${url}`);
    return id;
  }

  badgeText(tabId: number): Promise<string | undefined> {
    return this.worker.evaluate(
      (tabId) => (globalThis as WorkerGlobal).p2pvBackground.badgeText(tabId),
      tabId,
    );
  }

  /** Document URLs of the extension's offscreen documents, as the browser lists them. */
  offscreenDocuments(): Promise<string[]> {
    return this.worker.evaluate(async () => {
      const contexts = await (globalThis as WorkerGlobal).chrome.runtime.getContexts({
        contextTypes: ["OFFSCREEN_DOCUMENT"],
      });
      return contexts.map((context) => context.documentUrl ?? "");
    });
  }

  /** Closes the offscreen document behind the background's back (an engine crash). */
  killEngineDocument(): Promise<void> {
    return this.worker.evaluate(() =>
      (globalThis as WorkerGlobal).chrome.offscreen.closeDocument(),
    );
  }
}
