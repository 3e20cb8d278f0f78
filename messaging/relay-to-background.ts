/**
 * Page relay -> background: what the isolated-world relay forwards for the page hook.
 *
 * Least trusted: the content comes from page JavaScript (through the MAIN-world hook), so every
 * message is validated here with strict schemas (unknown keys, including any `site`, are refused).
 * The site a message acts for is never part of it: the background takes it from the browser's
 * MessageSender (origin, tab, frame).
 */
import * as z from "zod/mini";
import { LIMITS } from "./limits";
import type { CarriedBytes, SegmentAnswer } from "./bytes";
import {
  byteRangeSchema,
  carriedBytesSchema,
  httpUrlSchema,
  intSchema,
  segmentDescriptorSchema,
  segmentIdSchema,
  swarmIdSchema,
} from "./segment-descriptor";

/** The page hook's requests, one schema each. */
const hookRequests = [
  /** Replace this frame's download queue (the core's load(segments, swarmId)). */
  z.strictObject({
    type: z.literal("relay/load"),
    swarmId: swarmIdSchema,
    segments: z.array(segmentDescriptorSchema).check(z.maxLength(LIMITS.queueLength)),
  }),
  /** The bytes of a segment if the engine has them, or gets them within waitMs. */
  z.strictObject({
    type: z.literal("relay/get-segment"),
    swarmId: swarmIdSchema,
    segmentId: segmentIdSchema,
    waitMs: z.optional(intSchema(0, LIMITS.maxWaitMs)),
  }),
  /** Bytes the page fetched from the network itself, for the engine to cache and share. */
  z.strictObject({
    type: z.literal("relay/put-segment"),
    swarmId: swarmIdSchema,
    segmentId: segmentIdSchema,
    url: httpUrlSchema,
    range: z.optional(byteRangeSchema),
    bytes: carriedBytesSchema,
  }),
  /** The player stopped: this frame no longer needs the engine. */
  z.strictObject({ type: z.literal("relay/stop") }),
] as const;

/** What the page hook may ask through the relay (the relay checks this before forwarding). */
export const hookRequestSchema = z.discriminatedUnion("type", hookRequests);

/**
 * Everything the background accepts from a relay: the hook's requests, plus what only the relay
 * itself sends (never forwarded for the page): a token to bind a fast-path port to this frame.
 */
export const relayToBackgroundSchema = z.discriminatedUnion("type", [
  ...hookRequests,
  z.strictObject({ type: z.literal("relay/open-fast-path") }),
]);

export type HookRequest = z.infer<typeof hookRequestSchema>;
export type RelayToBackgroundMessage = z.infer<typeof relayToBackgroundSchema>;

/** Why the background refused a relay message. */
export type RelayRefusal =
  | "invalid-message" // failed the schema (includes any attempt to name a site)
  | "no-site" // the sender is not a web page frame the browser vouches for
  | "site-not-enabled" // the user has not switched the extension on for this site
  | "rate-limited" // the frame sent more messages than a player does (messaging/frame-rate-limit.ts)
  | "engine-unavailable"
  | "engine-error"
  | "fast-path-off"; // the fast path is switched off (tests and the benchmark measure the fallback)

/** The background's answer to a relay message. */
export type BackgroundToRelayReply =
  | { ok: true; type: "loaded" }
  | ({ ok: true } & SegmentAnswer<CarriedBytes>)
  | { ok: true; type: "stored" }
  | { ok: true; type: "stopped" }
  /** A single-use token that binds a fast-path port to the sending frame (messaging/fast-path). */
  | { ok: true; type: "fast-path"; token: string }
  | { ok: false; refusal: RelayRefusal; detail: string };
