/**
 * The engine's host page: the Chrome offscreen document (tabs/offscreen.tsx). It starts one
 * Engine, opens a Port to the background and serves its requests. Nothing else can reach the
 * engine: the page registers no runtime.onMessage/onConnect listener, so content scripts (which
 * can message every extension page) have no way in.
 */
import browser, { type Runtime } from "webextension-polyfill";
import type { SegmentsStorage, Settings } from "../core";
import { DexieSegmentsStorage } from "../core/storage/dexie-storage";
import type { EngineRequestEnvelope } from "../messaging/background-to-engine";
import {
  ENGINE_PORT_NAME,
  type EngineToBackgroundMessage,
} from "../messaging/engine-to-background";
import { Engine } from "./engine";

const STATS_INTERVAL_MS = 1000;

let shared: SegmentsStorage | undefined;
/** One IndexedDB for the profile; its limits are the settings of the first loader. */
const storageFor = (settings: Settings) =>
  (shared ??= new DexieSegmentsStorage(
    Date.now,
    settings.cachedSegmentsCount,
    settings.cachedSegmentExpiration,
  ));

/** Starts the engine and keeps a Port to the background (reconnecting if the worker restarts). */
export function startEngineHost(): Engine {
  const engine = new Engine(storageFor);
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
  setInterval(() => {
    send({ kind: "stats", tabs: engine.stats() });
  }, STATS_INTERVAL_MS);
  return engine;
}
