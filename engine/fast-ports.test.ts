import { afterEach, describe, expect, it } from "vitest";
import type { EngineClient } from "../messaging/background-to-engine";
import type { FastReply } from "../messaging/fast-path";
import { messagePortFrame, runtimePortFrame } from "../messaging/frame-port";
import { FastPorts, type FastPortTarget } from "./fast-ports";

const SITE_A: EngineClient = { tabId: 1, frameId: 0, site: "https://a.example" };

/** An engine with one segment in site A's swarm "s"; it records who asked. */
function fakeEngine() {
  const asked: EngineClient[] = [];
  const stored: { client: EngineClient; bytes: number }[] = [];
  const target: FastPortTarget = {
    getSegment: (client, swarmId, segmentId) => {
      asked.push(client);
      const hit = client.site === SITE_A.site && swarmId === "s" && segmentId === "1";
      return Promise.resolve(hit ? new Uint8Array([1, 2, 3]).buffer : undefined);
    },
    putSegment: (client, _swarmId, _segment, bytes) => {
      stored.push({ client, bytes: bytes.byteLength });
      return Promise.resolve();
    },
  };
  return { target, asked, stored };
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

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

afterEach(() => {
  for (const channel of channels.splice(0)) channel.port1.close();
});

describe("fast-path ports in the engine", () => {
  it("acks, then answers for the bound client with the bytes as an ArrayBuffer", async () => {
    const engine = fakeEngine();
    const ports = new FastPorts(engine.target);
    const { port, replies } = bound(ports, SITE_A);
    port.postMessage({ id: 7, type: "get-segment", swarmId: "s", segmentId: "1", waitMs: 0 });
    await settle();
    expect(replies[0]).toEqual({ type: "bound" });
    expect(replies[1]).toEqual({ type: "ack", id: 7 });
    const answer = replies[2];
    expect(answer?.type).toBe("segment");
    if (answer?.type === "segment") expect([...new Uint8Array(answer.bytes)]).toEqual([1, 2, 3]);
    expect(engine.asked).toEqual([SITE_A]);
    expect(ports.counters()).toMatchObject({ bound: 1, open: 1, gets: 1, hits: 1 });
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
    await settle();
    expect(replies.slice(1)).toEqual([
      { type: "ack", id: 1 },
      { type: "miss", id: 1 },
    ]);
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
    await settle();
    expect(replies.at(-1)).toEqual({ type: "stored", id: 4 });
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
    await settle();
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
});
