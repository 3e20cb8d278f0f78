/**
 * Browser side of the fast-path test and the handoff benchmark (served as /hook.js: the
 * extension's own hook is what runs on the page). It talks to the extension's relay exactly as
 * the page hook does, with window.postMessage envelopes; any page script can do the same, which
 * is what the refusal tests rely on.
 */
import { ENVELOPE_TAG } from "../../../hook/relay-envelope";

/** What a relay reply looked like, without the bytes. */
export interface RelayAnswer {
  ok: boolean;
  type?: string;
  error?: string;
  /** Set for a segment: its size, and whether it arrived as an ArrayBuffer. */
  byteLength?: number;
  arrayBuffer?: boolean;
  /** First bytes of a segment, to compare with what was put. */
  head?: number[];
  timeout?: boolean;
}

interface Envelope {
  tag?: unknown;
  direction?: unknown;
  id?: unknown;
  reply?: { ok: boolean; type?: string; error?: string; bytes?: unknown };
}

const TAG = ENVELOPE_TAG;
let nextId = 1_000_000;

function summary(reply: NonNullable<Envelope["reply"]>): RelayAnswer {
  const answer: RelayAnswer = { ok: reply.ok };
  if (reply.type !== undefined) answer.type = reply.type;
  if (reply.error !== undefined) answer.error = reply.error;
  if (reply.bytes !== undefined) {
    answer.arrayBuffer = reply.bytes instanceof ArrayBuffer;
    if (reply.bytes instanceof ArrayBuffer) {
      answer.byteLength = reply.bytes.byteLength;
      answer.head = [...new Uint8Array(reply.bytes, 0, Math.min(8, reply.bytes.byteLength))];
    }
  }
  return answer;
}

/** Sends one request to the relay and waits for its reply (transferring `transfer`). */
function ask(
  message: Record<string, unknown>,
  timeoutMs = 10_000,
  transfer: Transferable[] = [],
): Promise<RelayAnswer> {
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      window.removeEventListener("message", onMessage);
      resolve({ ok: false, timeout: true });
    }, timeoutMs);
    const onMessage = (event: MessageEvent<Envelope>) => {
      const data = event.data as Envelope | null;
      if (data?.tag !== TAG || data.direction !== "to-hook" || data.id !== id || !data.reply)
        return;
      clearTimeout(timer);
      window.removeEventListener("message", onMessage);
      resolve(summary(data.reply));
    };
    window.addEventListener("message", onMessage);
    window.postMessage(
      { tag: TAG, direction: "to-relay", id, message },
      { targetOrigin: "*", transfer },
    );
  });
}

/** What the relay said about its port to the engine, in order (true: up, false: down). */
const portStates: boolean[] = [];
window.addEventListener("message", (event: MessageEvent<{ engineReady?: unknown } & Envelope>) => {
  const data = event.data as ({ engineReady?: unknown } & Envelope) | null;
  if (data?.tag !== TAG || data.direction !== "to-hook") return;
  if (typeof data.engineReady === "boolean") portStates.push(data.engineReady);
});

const calls = {
  ask,
  portStates: () => [...portStates],
  /**
   * Fetches `size` bytes of `dataUrl` from the origin (the test server's /data/ route), loads a
   * one-segment queue for the swarm with that URL, then hands the engine the bytes, as the hook
   * does with a segment the page fetched itself (the engine checks them against the origin).
   * `head` is their first bytes, to compare with what a get returns.
   */
  async put(swarmId: string, segmentId: string, dataUrl: string, size: number) {
    const url = `${dataUrl}?size=${String(size)}`;
    const bytes = await (await fetch(url)).arrayBuffer();
    const head = [...new Uint8Array(bytes, 0, Math.min(8, bytes.byteLength))];
    const load = await ask({
      type: "relay/load",
      swarmId,
      segments: [{ id: segmentId, url, priority: 5 }],
    });
    const put = await ask({ type: "relay/put-segment", swarmId, segmentId, url, bytes }, 10_000, [
      bytes,
    ]);
    return { load, put, head };
  },
  /** Times `runs` get-segment round trips (page asks -> bytes in the page), in ms. */
  async timeGets(swarmId: string, segmentId: string, runs: number) {
    const times: number[] = [];
    const answers: RelayAnswer[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      const answer = await ask({ type: "relay/get-segment", swarmId, segmentId, waitMs: 0 });
      times.push(performance.now() - start);
      if (run === 0 || !answer.ok || answer.type !== "segment") answers.push(answer);
    }
    return { times, answers };
  },
  /** Times `runs` fetches of `url`: to the first body chunk and to the whole body, in ms. */
  async timeFetches(url: string, runs: number) {
    const firstByte: number[] = [];
    const full: number[] = [];
    let bytes = 0;
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      const response = await fetch(`${url}${url.includes("?") ? "&" : "?"}run=${String(run)}`);
      const reader = response.body?.getReader();
      if (!reader) throw new Error("no body");
      let first = true;
      bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (first) firstByte.push(performance.now() - start);
        first = false;
        bytes += value.byteLength;
      }
      full.push(performance.now() - start);
    }
    return { firstByte, full, bytes };
  },
  /**
   * What a hostile page can try with the bridge: post a port and `token` to every frame of the
   * page and to an iframe of `bridgeUrl` it makes itself, then ask the port for a segment.
   * Returns what came back on the port (nothing, or a refusal).
   */
  async forgeBridge(bridgeUrl: string, token: string, request: Record<string, unknown>) {
    const own = document.createElement("iframe");
    own.src = bridgeUrl;
    const loaded = new Promise<boolean>((resolve) => {
      own.addEventListener("load", () => {
        resolve(true);
      });
      setTimeout(() => {
        resolve(false);
      }, 3000);
    });
    document.body.append(own);
    const ownLoaded = await loaded;
    const targets = Array.from(
      { length: window.frames.length },
      (_, index) => window.frames[index],
    );
    const seen: unknown[] = [];
    for (const target of targets) {
      if (!target) continue;
      const channel = new MessageChannel();
      channel.port1.onmessage = (event: MessageEvent<unknown>) => {
        seen.push(event.data);
      };
      target.postMessage({ tag: "p2pv/bridge-open", token }, "*", [channel.port2]);
      channel.port1.postMessage({ ...request, id: 1 });
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return { frames: targets.length, ownLoaded, seen };
  },
};

declare global {
  interface Window {
    __relay: typeof calls;
  }
}
window.__relay = calls;
