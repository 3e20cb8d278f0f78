/**
 * The relay: an isolated-world content script beside the page hook. It carries the hook's
 * requests to the background and the answers back. Everything from the page is checked against
 * the relay schema first; the background decides the site from the browser's sender info.
 */
import browser from "webextension-polyfill";
import { fromBase64, toBase64 } from "../messaging/bytes";
import {
  relayToBackgroundSchema,
  type BackgroundToRelayReply,
} from "../messaging/relay-to-background";
import {
  ENVELOPE_TAG,
  isRelayRequest,
  type HookReply,
  type RelayReply,
} from "../hook/relay-envelope";

const toBackground = (message: Record<string, unknown>) => {
  if (message.type !== "relay/put-segment") return message;
  const { bytes, ...rest } = message;
  return bytes instanceof ArrayBuffer ? { ...rest, bytesBase64: toBase64(bytes) } : message;
};

function toHook(reply: BackgroundToRelayReply): { reply: HookReply; transfer: Transferable[] } {
  if (!reply.ok) return { reply: { ok: false, error: reply.refusal }, transfer: [] };
  if (reply.type !== "segment") return { reply: { ok: true, type: reply.type }, transfer: [] };
  const bytes = fromBase64(reply.bytesBase64);
  return { reply: { ok: true, type: "segment", bytes }, transfer: [bytes] };
}

async function forward(id: number, message: Record<string, unknown>): Promise<void> {
  let answer: { reply: HookReply; transfer: Transferable[] };
  const parsed = relayToBackgroundSchema.safeParse(toBackground(message));
  if (!parsed.success) {
    answer = { reply: { ok: false, error: "invalid-message" }, transfer: [] };
  } else {
    try {
      const reply = await browser.runtime.sendMessage<typeof parsed.data, BackgroundToRelayReply>(
        parsed.data,
      );
      answer = toHook(reply);
    } catch {
      answer = { reply: { ok: false, error: "engine-unavailable" }, transfer: [] };
    }
  }
  const envelope: RelayReply = { tag: ENVELOPE_TAG, direction: "to-hook", id, reply: answer.reply };
  window.postMessage(envelope, { targetOrigin: "*", transfer: answer.transfer });
}

window.addEventListener("message", (event) => {
  if (event.source !== window || !isRelayRequest(event.data)) return;
  void forward(event.data.id, event.data.message);
});
