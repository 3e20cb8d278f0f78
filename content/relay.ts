/**
 * The relay: an isolated-world content script beside the page hook. It carries the hook's
 * requests to the engine and the answers back. Segment bytes take the fast path (a MessagePort
 * bound to this frame's site, content/fast-path.ts) when it is up; everything else, and segment
 * traffic while the fast path is down, goes to the background as runtime messages (base64).
 * Everything from the page is checked against the relay schemas first; the background decides
 * the site from the browser's sender info.
 */
import { ENVELOPE_TAG, isRelayRequest, type RelayReply } from "../hook/relay-envelope";
import { FastPathClient } from "./fast-path";
import { viaFastPath, viaRuntime, type HookAnswer } from "./relay-routes";

const fast = new FastPathClient();

async function forward(id: number, message: Record<string, unknown>): Promise<void> {
  if (message.type === "relay/stop") fast.close();
  else fast.ensure();
  const answer: HookAnswer = (await viaFastPath(fast, message)) ?? (await viaRuntime(message));
  const envelope: RelayReply = { tag: ENVELOPE_TAG, direction: "to-hook", id, reply: answer.reply };
  window.postMessage(envelope, { targetOrigin: "*", transfer: answer.transfer });
}

window.addEventListener("message", (event) => {
  if (event.source !== window || !isRelayRequest(event.data)) return;
  void forward(event.data.id, event.data.message);
});
