import { afterEach, describe, expect, it, vi } from "vitest";
import type { EngineClient } from "../messaging/background-to-engine";
import type { FastReply } from "../messaging/fast-path";
import { messagePortFrame, runtimePortFrame } from "../messaging/frame-port";
import { FastPorts, type FastPortTarget } from "./fast-ports";

const SITE_A: EngineClient = { tabId: 1, frameId: 0, site: "https://a.example" };

/** An engine with one segment in site A's swarm "s"; it records who asked. */
function fakeEngine(loadMs = 0) {
  const asked: EngineClient[] = [];
  const stored: { client: EngineClient; bytes: number }[] = [];
  const events: string[] = [];
  const target: FastPortTarget = {
    load: async (_client, swarmId, segments) => {
      events.push(`load ${swarmId} start`);
      await new Promise((resolve) => setTimeout(resolve, loadMs));
      events.push(`load ${swarmId} ${String(segments.length)} done`);
    },
    getSegment: (client, swarmId, segmentId) => {
      asked.push(client);
      events.push(`get ${swarmId}/${segmentId}`);
      const hit = client.site === SITE_A.site && swarmId === "s" && segmentId === "1";
      return Promise.resolve(hit ? new Uint8Array([1, 2, 3]).buffer : undefined);
    },
    putSegment: (client, _swarmId, _segment, bytes) => {
      stored.push({ client, bytes: bytes.byteLength });
      return Promise.resolve();
    },
  };
  return { target, asked, stored, events };
}

const channels: MessageChannel[] = [];

/** A port bound for `client`, and the replies it gets. */
function bound(ports: FastPorts, client: EngineClient) {
  const channel = new MessageChannel();
  channels.push(channel);
  const replies: FastReply[] = [];
  channel.port1.onmessage = (event: MessageEvent<FastReply>) => {
    replies.push(event.data);
  };
  ports.bind(messagePortFrame(channel.port2), client);
  return { port: channel.port1, replies };
}

/** Waits until `check` passes (port messages arrive late on a loaded machine: no time bound). */
const until = (check: () => void) => vi.waitFor(check, { timeout: 20_000 });

afterEach(() => {
  for (const channel of channels.splice(0)) channel.port1.close();
});

describe("fast-path ports in the engine", () => {
  it("acks, then answers for the bound client with the bytes as an ArrayBuffer", async () => {
    const engine = fakeEngine();
    const ports = new FastPorts(engine.target);
    const { port, replies } = bound(ports, SITE_A);
    port.postMessage({ id: 7, type: "get-segment", swarmId: "s", segmentId: "1", waitMs: 0 });
    await until(() => {
      expect(replies).toHaveLength(3);
    });
    expect(replies[0]).toEqual({ type: "bound" });
    expect(replies[1]).toEqual({ type: "ack", id: 7 });
    const answer = replies[2];
    expect(answer?.type).toBe("segment");
    if (answer?.type === "segment") expect([...new Uint8Array(answer.bytes)]).toEqual([1, 2, 3]);
    expect(engine.asked).toEqual([SITE_A]);
    expect(ports.counters()).toMatchObject({ bound: 1, open: 1, gets: 1, hits: 1 });
  });

  it("answers a playing frame's keep-alive without touching the engine", async () => {
    const engine = fakeEngine();
    const ports = new FastPorts(engine.target);
    const { port, replies } = bound(ports, SITE_A);
    port.postMessage({ id: 3, type: "keep-alive" });
    await until(() => {
      expect(replies).toEqual([
        { type: "bound" },
        { type: "ack", id: 3 },
        { type: "alive", id: 3 },
      ]);
    });
    expect(engine.events).toEqual([]);
    expect(ports.counters()).toMatchObject({ invalid: 0, gets: 0, loads: 0 });
  });

  it("acts for the bound site only: a site named in a message is refused", async () => {
    const engine = fakeEngine();
    const ports = new FastPorts(engine.target);
    const other: EngineClient = { tabId: 2, frameId: 0, site: "https://b.example" };
    const { port, replies } = bound(ports, other);
    port.postMessage({ id: 1, type: "get-segment", swarmId: "s", segmentId: "1", waitMs: 0 });
    port.postMessage({
      id: 2,
      type: "get-segment",
      swarmId: "s",
      segmentId: "1",
      waitMs: 0,
      site: SITE_A.site,
    });
    port.postMessage({ id: 3, type: "put-segment", swarmId: "s", segmentId: "1", url: "x" });
    port.postMessage("not a request");
    await until(() => {
      expect(ports.counters().invalid).toBe(3);
    });
    await until(() => {
      expect(replies.slice(1)).toEqual([
        { type: "ack", id: 1 },
        { type: "miss", id: 1 },
      ]);
    });
    expect(engine.asked).toEqual([other]);
    expect(ports.counters().invalid).toBe(3);
  });

  it("stores handed-in bytes for the bound client and closes a tab's ports on release", async () => {
    const engine = fakeEngine();
    const ports = new FastPorts(engine.target);
    const { port, replies } = bound(ports, SITE_A);
    const bytes = new Uint8Array(1000).buffer;
    port.postMessage(
      {
        id: 4,
        type: "put-segment",
        swarmId: "s",
        segmentId: "2",
        url: "https://a.example/2",
        bytes,
      },
      [bytes],
    );
    await until(() => {
      expect(replies.at(-1)).toEqual({ type: "stored", id: 4 });
    });
    expect(engine.stored).toEqual([{ client: SITE_A, bytes: 1000 }]);
    ports.releaseTab(SITE_A.tabId);
    expect(ports.counters().open).toBe(0);
  });

  it("forgets a runtime.Port whose frame went away, failing the fetches ordered through it", async () => {
    const engine = fakeEngine();
    const ports = new FastPorts(engine.target);
    const sent: unknown[] = [];
    const listeners = { message: [] as ((m: unknown) => void)[], disconnect: [] as (() => void)[] };
    const runtimePort = {
      postMessage: (message: unknown) => sent.push(message),
      onMessage: { addListener: (l: (m: unknown) => void) => listeners.message.push(l) },
      onDisconnect: { addListener: (l: () => void) => listeners.disconnect.push(l) },
      disconnect: () => undefined,
    };
    ports.bind(runtimePortFrame(runtimePort), SITE_A);
    for (const l of listeners.message) {
      l({ id: 3, type: "get-segment", swarmId: "s", segmentId: "1", waitMs: 0 });
    }
    await until(() => {
      expect(sent).toHaveLength(3);
    });
    expect(sent.slice(0, 2)).toEqual([{ type: "bound" }, { type: "ack", id: 3 }]);
    const fetch = ports.fetchThrough([SITE_A], {
      url: "https://a.example/3.ts",
      range: undefined,
      signal: new AbortController().signal,
      onResponse: () => undefined,
      onChunk: () => undefined,
    });
    expect(ports.counters().open).toBe(1);
    for (const l of listeners.disconnect) l();
    await expect(fetch).rejects.toThrow();
    expect(ports.counters().open).toBe(0);
  });

  it("runs a segment request after the loads sent before it on the same port", async () => {
    const engine = fakeEngine(50);
    const ports = new FastPorts(engine.target);
    const { port, replies } = bound(ports, SITE_A);
    const segments = [{ id: "1", url: "https://a.example/1.ts", priority: 0 }];
    port.postMessage({ id: 1, type: "load", swarmId: "s", segments });
    port.postMessage({ id: 2, type: "get-segment", swarmId: "s", segmentId: "1", waitMs: 0 });
    // Both answered (no time bound: a loaded machine delivers port messages late).
    await vi.waitFor(
      () => {
        expect(replies.filter((r) => r.type === "segment")).toHaveLength(1);
      },
      {
        timeout: 20_000,
      },
    );
    expect(engine.events).toEqual(["load s start", "load s 1 done", "get s/1"]);
    expect(replies.filter((reply) => reply.type !== "ack" && reply.type !== "bound")).toEqual([
      { type: "loaded", id: 1 },
      expect.objectContaining({ type: "segment", id: 2 }),
    ]);
  });

  it("refuses a flood on a port past the frame's burst, as the background does", async () => {
    const engine = fakeEngine();
    const ports = new FastPorts(engine.target);
    const { port, replies } = bound(ports, SITE_A);
    for (let id = 1; id <= 200; id++) {
      port.postMessage({ id, type: "get-segment", swarmId: "s", segmentId: "9", waitMs: 0 });
    }
    // Every request answered (bound, then an ack and an answer each).
    await vi.waitFor(
      () => {
        expect(replies).toHaveLength(401);
      },
      { timeout: 20_000 },
    );
    const limited = replies.filter((reply) => reply.type === "error");
    expect(limited.length).toBeGreaterThanOrEqual(100);
    expect(ports.counters().limited).toBe(limited.length);
  });

  it("closes an embedded player's port once its tab's top site is off, while another site that embeds it stays on", () => {
    const player = "https://player.example";
    const [newsA, newsB] = ["https://news-a.example", "https://news-b.example"];
    const ports = new FastPorts(fakeEngine().target);
    bound(ports, { tabId: 1, frameId: 3, site: player, topSite: newsA });
    bound(ports, { tabId: 2, frameId: 5, site: player, topSite: newsB });
    const access = {
      consented: true,
      everywhere: false,
      sites: [newsA, newsB],
      embeds: { [newsA]: [player], [newsB]: [player] },
    };
    ports.keepSites(access);
    expect(ports.counters().open).toBe(2);
    // The viewer switches news-a off: the player is still allowed on news-b's pages, not on A's.
    ports.keepSites({ ...access, sites: [newsB] });
    expect(ports.counters().open).toBe(1);
    ports.keepSites({ ...access, sites: [newsB], embeds: { [newsA]: [player] } });
    expect(ports.counters().open).toBe(0);
  });
});
