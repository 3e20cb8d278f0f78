/**
 * Messages from the page relay: validated, bound to the sending frame's site (from the browser,
 * never from the message), checked against the user's enabled sites, then forwarded to the engine.
 */
// zod's English messages alone (`zod/locales` is all its locales).
import en from "zod/v4/locales/en.js";
import { isCarriedAs, type RuntimeBytes } from "../messaging/bytes";
import {
  relayToBackgroundSchema,
  type BackgroundToRelayReply,
  type RelayRefusal,
} from "../messaging/relay-to-background";
import type { EngineHost } from "./engine-host";
import type { FastPathTokens } from "./fast-path-tokens";
import { allowsClient } from "../messaging/site-access";
import type { FrameRateLimit } from "../messaging/frame-rate-limit";
import { clientOf, type BrowserSender } from "./sender-site";
import { readSiteAccess } from "./site-access";

/** zod's English messages for the refusal details (zod/mini sets no locale: "Invalid input"). */
const english = en().localeError;

/** What the relay handler works with; the counters are for tests and the benchmark. */
export interface RelayContext {
  host: EngineHost;
  tokens: FastPathTokens;
  /** False when the fast path is switched off (tests measure the fallback route with it). */
  fastPathOn: boolean;
  /** How this browser's runtime messages carry segment bytes; puts in the other form are refused. */
  runtimeBytes: RuntimeBytes;
  /** Segment traffic on this (fallback) route. */
  counts: { gets: number; hits: number; puts: number };
  /** Messages per frame (a flood is refused before it reaches the engine). */
  rate: FrameRateLimit;
}

const refuse = (refusal: RelayRefusal, detail: string): BackgroundToRelayReply => ({
  ok: false,
  refusal,
  detail,
});

export async function handleRelayMessage(
  context: RelayContext,
  message: unknown,
  sender: BrowserSender,
): Promise<BackgroundToRelayReply> {
  const parsed = relayToBackgroundSchema.safeParse(message, { error: english });
  if (!parsed.success) return refuse("invalid-message", parsed.error.issues[0]?.message ?? "");
  const client = clientOf(sender);
  if (!client) return refuse("no-site", "not sent from a web page frame");
  const frameKey = `${String(client.tabId)}:${String(client.frameId)}`;
  if (!context.rate.take(frameKey)) return refuse("rate-limited", frameKey);
  if (!allowsClient(await readSiteAccess(), client)) {
    return refuse("site-not-enabled", client.site);
  }

  const { host, counts } = context;
  const relay = parsed.data;
  switch (relay.type) {
    case "relay/open-fast-path":
      if (!context.fastPathOn) return refuse("fast-path-off", "");
      // The engine starts while the relay loads the bridge page, not after the port reaches
      // the service worker: the two took ~160 ms and ~230 ms one after the other.
      void host.ready();
      return { ok: true, type: "fast-path", token: context.tokens.issue(client) };
    case "relay/load": {
      const reply = await host.request({
        type: "engine/load",
        client,
        swarmId: relay.swarmId,
        segments: relay.segments,
      });
      return reply.ok ? { ok: true, type: "loaded" } : refuse("engine-error", reply.error);
    }
    case "relay/get-segment": {
      counts.gets++;
      const reply = await host.request({
        type: "engine/get-segment",
        client,
        swarmId: relay.swarmId,
        segmentId: relay.segmentId,
        waitMs: relay.waitMs ?? 0,
      });
      if (!reply.ok) return refuse("engine-error", reply.error);
      if (reply.type === "miss") return { ok: true, type: "miss" };
      counts.hits++;
      // The bytes go on as the engine's channel carried them (this browser's form).
      return { ok: true, type: "segment", bytes: reply.bytes };
    }
    case "relay/put-segment": {
      if (!isCarriedAs(relay.bytes, context.runtimeBytes)) {
        return refuse(
          "invalid-message",
          `bytes not as ${context.runtimeBytes} messages carry them`,
        );
      }
      counts.puts++;
      const reply = await host.request({
        type: "engine/put-segment",
        client,
        swarmId: relay.swarmId,
        segment: { id: relay.segmentId, url: relay.url, range: relay.range },
        bytes: relay.bytes,
      });
      return reply.ok ? { ok: true, type: "stored" } : refuse("engine-error", reply.error);
    }
    case "relay/stop":
      // The sending frame only: a tab's other frames (another site's embedded player) go on.
      context.tokens.forgetFrame(client);
      context.rate.forget(frameKey);
      await host.releaseFrame(client);
      return { ok: true, type: "stopped" };
  }
}
