/**
 * The engine's host page: the Chrome offscreen document (engine/offscreen-page.ts). It starts one
 * Engine, opens a Port to the background and serves its requests, and takes fast-path ports from
 * the service worker (bound to the client the background vouched for). Nothing else can reach the
 * engine: the page registers no runtime.onMessage/onConnect listener, so content scripts (which
 * can message every extension page) have no way in, and only this extension's own service worker
 * can post to it through navigator.serviceWorker.
 */
import browser, { type Runtime } from "webextension-polyfill";
import type { Settings } from "../core";
import type { EngineClient, EngineRequestEnvelope } from "../messaging/background-to-engine";
import {
  ENGINE_PORT_NAME,
  type EngineToBackgroundMessage,
} from "../messaging/engine-to-background";
import { ENGINE_BIND_TYPE } from "../messaging/fast-path";
import { Engine } from "./engine";
import { openSharedStore, type SharedSegmentStore } from "./shared-store";

const STATS_INTERVAL_MS = 1000;

let shared: SharedSegmentStore | undefined;
/**
 * One IndexedDB for the profile (its limits, applied per site, are the settings of the first
 * loader), with the most recent segments in memory in front of it.
 */
const storeFor = (settings: Settings) => (shared ??= openSharedStore(settings));

/** Starts the engine and keeps a Port to the background (reconnecting if the worker restarts). */
export function startEngineHost(): Engine {
  const engine = new Engine(storeFor);
  let port: Runtime.Port | undefined;
  const send = (message: EngineToBackgroundMessage) => {
    port?.postMessage(message);
  };
  const connect = () => {
    const current = browser.runtime.connect({ name: ENGINE_PORT_NAME });
    port = current;
    current.onMessage.addListener((message: unknown) => {
      // Only the background holds the other end of this Port.
      const envelope = message as EngineRequestEnvelope;
      void engine.handle(envelope.request).then((reply) => {
        if (port === current) send({ kind: "reply", id: envelope.id, reply });
      });
    });
    current.onDisconnect.addListener(() => {
      if (port === current) port = undefined;
      // The service worker stopped or restarted: connecting wakes it again.
      setTimeout(connect, 250);
    });
    send({ kind: "hello", startedAt: engine.startedAt });
  };
  connect();
  acceptFastPorts(engine);
  setInterval(() => {
    send({ kind: "stats", tabs: engine.stats(), totals: engine.totals() });
  }, STATS_INTERVAL_MS);
  return engine;
}

const isClient = (value: unknown): value is EngineClient => {
  const client = value as Partial<EngineClient> | null;
  return (
    typeof client?.tabId === "number" &&
    typeof client.frameId === "number" &&
    typeof client.site === "string"
  );
};

/** Binds the ports the service worker hands over (fast path: see messaging/fast-path.ts). */
function acceptFastPorts(engine: Engine): void {
  const container = navigator.serviceWorker;
  container.addEventListener("message", (event: MessageEvent<unknown>) => {
    const port = event.ports[0];
    if (!port) return;
    const data = event.data as { type?: unknown; client?: unknown } | null;
    // Same-origin service worker only: this extension's background.
    if (
      event.origin !== location.origin ||
      data?.type !== ENGINE_BIND_TYPE ||
      !isClient(data.client)
    ) {
      port.close();
      return;
    }
    engine.ports.bind(port, data.client);
  });
  container.startMessages();
}
