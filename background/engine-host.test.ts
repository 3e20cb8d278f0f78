/**
 * The EngineHost's start: the engine's channel attaches before the host has read the settings and
 * sent them, and a request that arrives in that gap must wait for them. Firefox's engine attaches
 * at once (engine/in-page-engine.ts) and the relay's first load used to reach it unconfigured
 * ("engine not configured": the frame's queue was lost until its next load).
 */
import { describe, expect, it, vi } from "vitest";
import type { BackgroundToEngineRequest } from "../messaging/background-to-engine";
import type { RuntimePortLike } from "../messaging/frame-port";
import { EngineHost, type EngineLauncher } from "./engine-host";

/** Reading the settings takes a while, as chrome.storage.local does. */
vi.mock("./settings-store", () => ({
  readSettings: () =>
    new Promise((resolve) => {
      setTimeout(() => {
        resolve({});
      }, 20);
    }),
}));

/** An engine that answers every request at once and records what it was sent, in order. */
function fakeEngine(attach: (channel: RuntimePortLike) => void) {
  const received: BackgroundToEngineRequest["type"][] = [];
  const listeners: ((message: unknown) => void)[] = [];
  let running = false;
  const channel: RuntimePortLike = {
    postMessage: (message) => {
      const { id, request } = message as { id: number; request: BackgroundToEngineRequest };
      received.push(request.type);
      queueMicrotask(() => {
        for (const listener of listeners) listener({ kind: "reply", id, reply: { ok: true } });
      });
    },
    onMessage: { addListener: (listener) => listeners.push(listener) },
    onDisconnect: { addListener: () => undefined },
    disconnect: () => undefined,
  };
  const launcher: EngineLauncher = {
    exists: () => Promise.resolve(running),
    launch: () => {
      running = true;
      attach(channel); // at once, as the in-page engine does
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { launcher, received };
}

describe("EngineHost start", () => {
  it("sends a request that arrives while the engine starts only after its settings", async () => {
    const attached: { to?: EngineHost } = {};
    const engine = fakeEngine((channel) => {
      attached.to?.attach(channel);
    });
    const host = new EngineHost(engine.launcher, () => undefined);
    attached.to = host;
    const started = host.ready();
    // The relay's load, a moment after its open-fast-path started the engine.
    await Promise.resolve();
    const client = { tabId: 1, frameId: 0, site: "https://a.example" };
    const reply = await host.request({ type: "engine/load", client, swarmId: "s", segments: [] });
    expect(reply).toEqual({ ok: true });
    expect(await started).toBe(true);
    expect(engine.received[0]).toBe("engine/configure");
    expect(engine.received.filter((type) => type === "engine/load").length).toBeGreaterThan(0);
    expect(engine.received.indexOf("engine/load")).toBeGreaterThan(
      engine.received.indexOf("engine/configure"),
    );
  });
});
