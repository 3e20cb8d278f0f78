/**
 * The fast path for segment bytes: a MessagePort between the page relay (isolated world) and the
 * engine (offscreen document) that carries ArrayBuffers, transferred (no JSON, no base64).
 *
 * How a port is made and bound (see docs/engine.md, "Fast path"):
 * 1. The relay asks the background for a token with `relay/open-fast-path` (a runtime message:
 *    the background takes tab, frame and site from the browser's MessageSender).
 * 2. The relay posts the token and one end of a new MessageChannel into a hidden iframe of the
 *    web-accessible bridge page (bridge.html), which hands both to the service worker.
 * 3. The service worker redeems the token (single use, short-lived) for the client it was issued
 *    to and passes the port to the engine with that client attached. The engine answers every
 *    request on the port for that client's site only; nothing on the port can name a site.
 */
import * as z from "zod/mini";
import { BRIDGE_ATTACH_TYPE } from "./bridge-names";
import { LIMITS } from "./limits";
import {
  byteRangeSchema,
  httpUrlSchema,
  intSchema,
  segmentBytesSchema,
  segmentDescriptorSchema,
  segmentIdSchema,
  swarmIdSchema,
} from "./segment-descriptor";
import type { SegmentAnswer } from "./bytes";

/** 32 lowercase hex digits: 128 random bits. */
export const fastPathTokenSchema = z.string().check(z.regex(/^[0-9a-f]{32}$/));

export {
  BRIDGE_ATTACH_TYPE,
  BRIDGE_OPEN_TAG,
  BRIDGE_PAGE_PATH,
  type BridgeAttachMessage,
  type BridgeOpenMessage,
} from "./bridge-names";

/** Bridge iframe -> service worker (ServiceWorker.postMessage, with the port in `ports[0]`). */
export const bridgeAttachSchema = z.strictObject({
  type: z.literal(BRIDGE_ATTACH_TYPE),
  token: fastPathTokenSchema,
});

/** Service worker -> engine (Client.postMessage, with the port in `ports[0]`). */
export const ENGINE_BIND_TYPE = "engine/bind-port";

/**
 * What the relay may send on the port. The engine validates every message with this. A frame's
 * queue (load) and its segment requests share the port, so they arrive in the order sent.
 */
export const fastRequestSchema = z.discriminatedUnion("type", [
  z.strictObject({
    id: intSchema(0, Number.MAX_SAFE_INTEGER),
    type: z.literal("load"),
    swarmId: swarmIdSchema,
    segments: z.array(segmentDescriptorSchema).check(z.maxLength(LIMITS.queueLength)),
  }),
  z.strictObject({
    id: intSchema(0, Number.MAX_SAFE_INTEGER),
    type: z.literal("get-segment"),
    swarmId: swarmIdSchema,
    segmentId: segmentIdSchema,
    waitMs: intSchema(0, LIMITS.maxWaitMs),
  }),
  /** Nothing to do: the frame's player plays on (a message keeps Firefox's event page awake). */
  z.strictObject({
    id: intSchema(0, Number.MAX_SAFE_INTEGER),
    type: z.literal("keep-alive"),
  }),
  z.strictObject({
    id: intSchema(0, Number.MAX_SAFE_INTEGER),
    type: z.literal("put-segment"),
    swarmId: swarmIdSchema,
    segmentId: segmentIdSchema,
    url: httpUrlSchema,
    range: z.optional(byteRangeSchema),
    bytes: segmentBytesSchema,
  }),
]);
export type FastRequest = z.infer<typeof fastRequestSchema>;

/**
 * What the engine sends on the port: `bound` once, when the port is ready; `ack` as soon as a
 * request arrives (a relay that sees no ack in time treats the engine as gone and falls back);
 * then the answer (a get-segment's is a SegmentAnswer).
 */
export type FastReply =
  | { type: "bound" }
  | { type: "ack"; id: number }
  | { type: "loaded" | "alive"; id: number }
  | (SegmentAnswer & { id: number })
  | { type: "stored"; id: number }
  | { type: "error"; id: number; error: string };

/** Counters the engine keeps for its fast-path ports (engine/status; tests read them). */
export interface FastPathCounters {
  /** Ports bound to a client since the engine started. */
  bound: number;
  /** Ports open now. */
  open: number;
  loads: number;
  gets: number;
  /** get-segment answers that carried bytes. */
  hits: number;
  puts: number;
  /** HTTP downloads the engine ordered through a page (messaging/page-fetch.ts). */
  fetches: number;
  /** Messages on a port that failed the schema. */
  invalid: number;
  /** Requests refused by the frame's rate limit (messaging/frame-rate-limit.ts). */
  limited: number;
}

/** Service worker -> engine: the port in `ports[0]` acts for `client`, and only for it. */
export interface EngineBindMessage {
  type: typeof ENGINE_BIND_TYPE;
  client: { tabId: number; frameId: number; site: string };
}

/** Sent on a port the service worker will not hand on (bad or used token, no engine). */
export interface FastPortRefused {
  type: "refused";
  reason: "invalid-token" | "engine-unavailable";
}

/**
 * Firefox: the relay's runtime.Port to the event page has this name, and its first message is
 * `{ type: BRIDGE_ATTACH_TYPE, token }` (the same token the bridge hands on in Chrome).
 */
export const FRAME_PORT_NAME = "p2pv-frame";
