/**
 * The engine's host page in Chrome: the offscreen document (engine/offscreen-page.ts). It starts
 * one Engine, opens a Port to the background and serves its requests, and takes fast-path ports
 * from the service worker (bound to the client the background vouched for). Nothing else can
 * reach the engine: the page registers no runtime.onMessage/onConnect listener, so content
 * scripts (which can message every extension page) have no way in, and only this extension's
 * own service worker can post to it through navigator.serviceWorker.
 */
import browser, { type Runtime } from "webextension-polyfill";
import type { EngineClient } from "../messaging/background-to-engine";
import { ENGINE_PORT_NAME } from "../messaging/engine-to-background";
import { ENGINE_BIND_TYPE } from "../messaging/fast-path";
import { messagePortFrame } from "../messaging/frame-port";
import type { Engine } from "./engine";
import { answerRequests, createEngine, pushStats } from "./engine-server";

/** Starts the engine and keeps a Port to the background (reconnecting if the worker restarts). */
export function startEngineHost(): Engine {
  const engine = createEngine();
  let port: Runtime.Port | undefined;
  const connect = () => {
    const current = browser.runtime.connect({ name: ENGINE_PORT_NAME });
    port = current;
    current.onDisconnect.addListener(() => {
      if (port === current) port = undefined;
      // The service worker stopped or restarted: connecting wakes it again.
      setTimeout(connect, 250);
    });
    // Chrome's runtime Ports are JSON: segment bytes go as base64.
    answerRequests(engine, current, "json", () => port === current);
  };
  connect();
  acceptFastPorts(engine);
  pushStats(engine, () => port);
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
    engine.ports.bind(messagePortFrame(port), data.client);
  });
  container.startMessages();
}
