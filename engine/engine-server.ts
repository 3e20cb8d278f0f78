/**
 * The engine's side of its channel to the background, the same in every browser: requests in,
 * replies out, the hello that says it is up, and stats every second. Chrome's offscreen document
 * serves it on a runtime Port (engine/offscreen-main.ts); Firefox's event page on an in-memory
 * channel (engine/in-page-engine.ts).
 */
import type { Settings } from "../core";
import type {
  BackgroundToEngineType,
  EngineReplyTo,
  EngineRequestEnvelope,
} from "../messaging/background-to-engine";
import { carryBytes, type RuntimeBytes } from "../messaging/bytes";
import type { EngineToBackgroundMessage } from "../messaging/engine-to-background";
import type { RuntimePortLike } from "../messaging/frame-port";
import { Engine } from "./engine";
import { browserConnection } from "./metered-connection";
import { openSharedStore, type SharedSegmentStore } from "./shared-store";

const STATS_INTERVAL_MS = 1000;

let shared: SharedSegmentStore | undefined;

/**
 * A new engine. One IndexedDB for the profile (its limits, applied per site, are the settings of
 * the first loader), with the most recent segments in memory in front of it, shared by every
 * engine this context starts.
 */
export function createEngine(): Engine {
  return new Engine(
    (settings: Settings) => (shared ??= openSharedStore(settings)),
    browserConnection(),
  );
}

/**
 * Answers the background's requests arriving on `channel` while `current()` is true (a channel
 * replaced by a newer one stops answering), and says hello. Segment bytes go as `runtime`
 * messages carry them: they reach the relay through the background's runtime messages.
 */
export function answerRequests(
  engine: Engine,
  channel: RuntimePortLike,
  runtime: RuntimeBytes,
  current: () => boolean = () => true,
): void {
  channel.onMessage.addListener((message: unknown) => {
    // Only the background holds the other end of this channel.
    const envelope = message as EngineRequestEnvelope;
    void engine.handle(envelope.request).then((reply) => {
      if (current())
        send(channel, {
          kind: "reply",
          id: envelope.id,
          reply: envelope.request.type === "engine/get-segment" ? carried(reply, runtime) : reply,
        });
    });
  });
  send(channel, { kind: "hello", startedAt: engine.startedAt });
}

/** A get-segment's bytes as `runtime` messages carry them; a miss or an error as it is. */
function carried(
  reply: EngineReplyTo<BackgroundToEngineType>,
  runtime: RuntimeBytes,
): EngineReplyTo<BackgroundToEngineType> {
  if (!("type" in reply) || reply.type !== "segment" || !(reply.bytes instanceof ArrayBuffer)) {
    return reply;
  }
  return { ...reply, bytes: carryBytes(reply.bytes, runtime) };
}

/** Pushes the engine's stats every second to whatever channel `channel()` gives; returns stop. */
export function pushStats(engine: Engine, channel: () => RuntimePortLike | undefined): () => void {
  const timer = setInterval(() => {
    const to = channel();
    if (to) send(to, { kind: "stats", tabs: engine.stats(), totals: engine.totals() });
  }, STATS_INTERVAL_MS);
  return () => {
    clearInterval(timer);
  };
}

function send(channel: RuntimePortLike, message: EngineToBackgroundMessage): void {
  channel.postMessage(message);
}
