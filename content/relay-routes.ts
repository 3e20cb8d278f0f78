/**
 * The relay's two routes for a hook request: the frame's port to the engine (its queue and its
 * segment requests, in order, with ArrayBuffers as they are) and the runtime-message route to
 * the background (every request while the port is down, and stop; segment bytes as this
 * browser's runtime messages carry them: base64 in Chrome, ArrayBuffers in Firefox).
 */
import browser from "webextension-polyfill";
import type { HookReply } from "../hook/relay-envelope";
import { carryBytes, landBytes, type RuntimeBytes } from "../messaging/bytes";
import { fastRequestSchema } from "../messaging/fast-path";
import { hookRequestSchema, type BackgroundToRelayReply } from "../messaging/relay-to-background";
import type { FastAnswer, FastPathClient } from "./fast-path";

/** The reply for the hook, and what to transfer with it. */
export interface HookAnswer {
  reply: HookReply;
  transfer: Transferable[];
}

/** The answer to a message that fails its schema. */
export const invalid: HookAnswer = {
  reply: { ok: false, error: "invalid-message" },
  transfer: [],
};

/**
 * Sends a load, get-segment or put-segment over the frame's port. Undefined when the request
 * must take the runtime route instead (another request, or the port is down or broke).
 */
export async function viaFastPath(
  fast: FastPathClient,
  message: Record<string, unknown>,
): Promise<HookAnswer | undefined> {
  if (!fast.up) return undefined;
  if (message.type === "relay/load") {
    const parsed = fastRequestSchema.safeParse({ ...message, id: 0, type: "load" });
    return parsed.success ? fromEngine(await fast.send(parsed.data)) : invalid;
  }
  if (message.type === "relay/get-segment") {
    const waitMs = message.waitMs ?? 0;
    const parsed = fastRequestSchema.safeParse({ ...message, waitMs, id: 0, type: "get-segment" });
    return parsed.success ? fromEngine(await fast.send(parsed.data)) : invalid;
  }
  if (message.type === "relay/put-segment") {
    const parsed = fastRequestSchema.safeParse({ ...message, id: 0, type: "put-segment" });
    if (!parsed.success || parsed.data.type !== "put-segment") return invalid;
    // The bytes are transferred: if the port broke under them they are lost (the engine
    // fetches the segment again or gets it from a peer), so there is no fallback for a put.
    const answer = await fast.send(parsed.data, [parsed.data.bytes]);
    return (
      fromEngine(answer) ?? { reply: { ok: false, error: "engine-unavailable" }, transfer: [] }
    );
  }
  return undefined;
}

function fromEngine(answer: FastAnswer | undefined): HookAnswer | undefined {
  switch (answer?.type) {
    case undefined:
      return undefined;
    case "segment":
      return {
        reply: { ok: true, type: "segment", bytes: answer.bytes },
        transfer: [answer.bytes],
      };
    case "miss":
      return { reply: { ok: true, type: "miss" }, transfer: [] };
    case "stored":
    case "loaded":
      return { reply: { ok: true, type: answer.type }, transfer: [] };
    case "error":
    case "alive": // the answer to a keep-alive, never to these requests
      return { reply: { ok: false, error: "engine-error" }, transfer: [] };
  }
}

/** The hook's message as the background takes it: bytes as `runtime` messages carry them. */
function toBackground(
  message: Record<string, unknown>,
  runtime: RuntimeBytes,
): Record<string, unknown> {
  if (message.type !== "relay/put-segment") return message;
  const { bytes } = message;
  return bytes instanceof ArrayBuffer ? { ...message, bytes: carryBytes(bytes, runtime) } : message;
}

function toHook(reply: BackgroundToRelayReply): HookAnswer {
  if (!reply.ok) return { reply: { ok: false, error: reply.refusal }, transfer: [] };
  if (reply.type === "fast-path") return invalid;
  if (reply.type !== "segment") return { reply: { ok: true, type: reply.type }, transfer: [] };
  const bytes = landBytes(reply.bytes);
  return { reply: { ok: true, type: "segment", bytes }, transfer: [bytes] };
}

/**
 * Sends any hook request to the background as a runtime message (the fallback route); `runtime`
 * is how this browser's runtime messages carry bytes.
 */
export async function viaRuntime(
  message: Record<string, unknown>,
  runtime: RuntimeBytes,
): Promise<HookAnswer> {
  const parsed = hookRequestSchema.safeParse(toBackground(message, runtime));
  if (!parsed.success) return invalid;
  try {
    return toHook(
      await browser.runtime.sendMessage<typeof parsed.data, BackgroundToRelayReply>(parsed.data),
    );
  } catch {
    return { reply: { ok: false, error: "engine-unavailable" }, transfer: [] };
  }
}
