/**
 * Firefox's way to run the engine: in the event page itself, which has the DOM, WebRTC and
 * IndexedDB that Chrome's service worker lacks (there is no offscreen API in Firefox). The
 * background talks to it over an in-memory channel with the same messages as Chrome's runtime
 * Port, so the EngineHost does not know the difference; frame ports are bound straight to it.
 */
import type { EngineLauncher } from "../background/engine-host";
import type { RuntimePortLike } from "../messaging/frame-port";
import type { Engine } from "./engine";
import { answerRequests, createEngine, pushStats } from "./engine-server";

type Listener<T extends unknown[]> = (...args: T) => void;

/** One end of an in-memory channel; messages arrive in a later task, as over a real Port. */
interface ChannelEnd extends RuntimePortLike {
  deliver(message: unknown): void;
  dropped(): void;
}

function channelEnd(other: () => ChannelEnd): ChannelEnd {
  const messages: Listener<[unknown]>[] = [];
  const disconnects: Listener<[]>[] = [];
  let open = true;
  return {
    postMessage: (message) => {
      if (!open) throw new Error("channel closed");
      setTimeout(() => {
        other().deliver(message);
      }, 0);
    },
    onMessage: { addListener: (listener) => messages.push(listener) },
    onDisconnect: { addListener: (listener) => disconnects.push(listener) },
    disconnect: () => {
      if (!open) return;
      open = false;
      other().dropped();
    },
    deliver: (message) => {
      if (open) for (const listener of messages) listener(message);
    },
    dropped: () => {
      if (!open) return;
      open = false;
      for (const listener of disconnects) listener();
    },
  };
}

/** Two connected ends: [the background's, the engine's]. */
export function inMemoryChannel(): [RuntimePortLike, RuntimePortLike] {
  const background: ChannelEnd = channelEnd(() => engine);
  const engine: ChannelEnd = channelEnd(() => background);
  return [background, engine];
}

/** The engine in this page, started and stopped by the EngineHost. */
export class InPageEngine implements EngineLauncher {
  private running: { engine: Engine; channel: RuntimePortLike; stopStats(): void } | undefined;

  /** `attach` is the host's: it takes the background's end of each new engine's channel. */
  constructor(private readonly attach: (channel: RuntimePortLike) => void) {}

  /** The running engine (frame ports are bound to it directly), if any. */
  get engine(): Engine | undefined {
    return this.running?.engine;
  }

  exists(): Promise<boolean> {
    return Promise.resolve(this.running !== undefined);
  }

  launch(): Promise<void> {
    if (this.running) return Promise.resolve();
    const engine = createEngine();
    const [background, own] = inMemoryChannel();
    this.attach(background);
    // Nothing serialises this channel, and the background answers the relay with Firefox's
    // runtime messages, which are structured clones: segment bytes stay ArrayBuffers.
    answerRequests(engine, own, "structured-clone");
    this.running = { engine, channel: own, stopStats: pushStats(engine, () => own) };
    return Promise.resolve();
  }

  close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) {
      running.stopStats();
      running.engine.ports.closeAll();
      running.channel.disconnect();
    }
    return Promise.resolve();
  }
}
