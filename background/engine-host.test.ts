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

/**
 * An engine that answers every request at once and records what it was sent, in order; while
 * `refuseSettings` is set it refuses its settings.
 */
function fakeEngine(
  attach: (channel: RuntimePortLike) => void,
  options = { refuseSettings: false },
) {
  const received: BackgroundToEngineRequest["type"][] = [];
  const listeners: ((message: unknown) => void)[] = [];
  let running = false;
  const channel: RuntimePortLike = {
    postMessage: (message) => {
      const { id, request } = message as { id: number; request: BackgroundToEngineRequest };
      received.push(request.type);
      const refused = request.type === "engine/configure" && options.refuseSettings;
      const reply = refused ? { ok: false, error: "bad settings" } : { ok: true };
      queueMicrotask(() => {
        for (const listener of listeners) listener({ kind: "reply", id, reply });
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
  return { launcher, received, options };
}

/** A host over a fake engine that attaches its channel at once, as the in-page engine does. */
function hostOver(options?: { refuseSettings: boolean }) {
  const attached: { to?: EngineHost } = {};
  const engine = fakeEngine((channel) => {
    attached.to?.attach(channel);
  }, options);
  const host = new EngineHost(engine.launcher, () => undefined);
  attached.to = host;
  return { host, engine };
}

const client = { tabId: 1, frameId: 0, site: "https://a.example" };

describe("EngineHost start", () => {
  it("sends a request that arrives while the engine starts only after its settings", async () => {
    const { host, engine } = hostOver();
    const started = host.ready();
    // The relay's load, a moment after its open-fast-path started the engine.
    await Promise.resolve();
    const reply = await host.request({ type: "engine/load", client, swarmId: "s", segments: [] });
    expect(reply).toEqual({ ok: true });
    expect(await started).toBe(true);
    expect(engine.received[0]).toBe("engine/configure");
    expect(engine.received.filter((type) => type === "engine/load").length).toBeGreaterThan(0);
    expect(engine.received.indexOf("engine/load")).toBeGreaterThan(
      engine.received.indexOf("engine/configure"),
    );
  });

  it("fails the requests of a start whose settings the engine refused, and tries again next time", async () => {
    const { host, engine } = hostOver({ refuseSettings: true });
    const load: BackgroundToEngineRequest = {
      type: "engine/load",
      client,
      swarmId: "s",
      segments: [],
    };
    const refused = await host.request(load);
    expect(refused).toMatchObject({ ok: false });
    expect(engine.received).toEqual(["engine/configure"]);
    engine.options.refuseSettings = false;
    expect(await host.request(load)).toEqual({ ok: true });
    expect(engine.received.slice(1, 2)).toEqual(["engine/configure"]);
  });
});
