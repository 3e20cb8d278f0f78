/**
 * The relay: an isolated-world content script beside the page hook. It carries the hook's
 * requests to the engine and the answers back. Segment bytes take the fast path (a MessagePort
 * bound to this frame's site, content/fast-path.ts) when it is up; everything else, and segment
 * traffic while the fast path is down, goes to the background as runtime messages (segment bytes
 * as base64 in Chrome, whose runtime messages are JSON; as ArrayBuffers in Firefox).
 * Everything from the page is checked against the relay schemas first; the background decides
 * the site from the browser's sender info.
 */
import {
  ENVELOPE_TAG,
  isRelayRequest,
  type RelayReply,
  type RelayState,
} from "../hook/relay-envelope";
import browser from "webextension-polyfill";
import {
  frameNoteQuerySchema,
  standAsideSchema,
  type FrameNote,
  type StandAsideReason,
} from "../messaging/frame-note";
import { embeddedPlayersQuerySchema, type EmbeddedPlayers } from "../messaging/embedded-players";
import { embeddedPlayers } from "./embedded-players";
import { bridgeCarrier, FastPathClient, runtimePortCarrier } from "./fast-path";
import { invalid, viaFastPath, viaRuntime, type HookAnswer } from "./relay-routes";

/** Set by esbuild (scripts/bundle-extension-scripts.ts): the browser this build is for. */
declare const __P2PV_FIREFOX__: boolean;

/** How this browser's runtime messages carry segment bytes (messaging/bytes.ts). */
const RUNTIME_BYTES = __P2PV_FIREFOX__ ? "structured-clone" : "json";

/** The hook hears whenever the engine can (or can no longer) answer at once. */
const fast = new FastPathClient(__P2PV_FIREFOX__ ? runtimePortCarrier : bridgeCarrier, (up) => {
  const state: RelayState = { tag: ENVELOPE_TAG, direction: "to-hook", engineReady: up };
  window.postMessage(state, { targetOrigin: "*" });
});

/** The hook's warm-up is answered here: opening the fast path starts the engine. */
const WARMING: HookAnswer = { reply: { ok: true, type: "warming" }, transfer: [] };

/** Why this frame's hook stands aside, once it said so (for the popup: messaging/frame-note.ts). */
let standsAside: StandAsideReason | undefined;

/**
 * The background's refusal of this frame's site, once it came: the site is not on (the scripts
 * of an embedded player's origin run wherever its pages load, and only its frames on the site
 * that embeds it are let in). From then on the relay answers the hook with it at once instead of
 * waking the background for every segment; the page applies a change on its next load.
 */
let refused: HookAnswer | undefined;

async function answer(message: Record<string, unknown>): Promise<HookAnswer> {
  if (message.type === "relay/stand-aside") {
    const parsed = standAsideSchema.safeParse(message);
    if (!parsed.success) return invalid;
    standsAside ??= parsed.data.reason;
    // Then as relay/stop: the engine releases the frame.
    message = { type: "relay/stop" };
  }
  if (refused !== undefined && message.type !== "relay/stop") return refused;
  if (message.type === "relay/stop") fast.close();
  else fast.ensure();
  if (message.type === "relay/warm-up") {
    // Also a playing page's sign of life: a message on the port keeps Firefox's event page (the
    // engine's host) awake; it suspends one that hears nothing for about 30 s. Chrome's offscreen
    // document is not suspended.
    if (__P2PV_FIREFOX__ && fast.up) void fast.send({ id: 0, type: "keep-alive" });
    return WARMING;
  }
  const answered = (await viaFastPath(fast, message)) ?? (await viaRuntime(message, RUNTIME_BYTES));
  if (!answered.reply.ok && answered.reply.error === "site-not-enabled") {
    refused = answered;
    fast.close();
  }
  return answered;
}

async function forward(id: number, message: Record<string, unknown>): Promise<void> {
  const { reply, transfer } = await answer(message);
  const envelope: RelayReply = { tag: ENVELOPE_TAG, direction: "to-hook", id, reply };
  window.postMessage(envelope, { targetOrigin: "*", transfer });
}

/**
 * The page's message as this script's own objects. Firefox hands a content script the page's
 * objects behind wrappers (Xray), so the page's ArrayBuffer is no instance of this script's
 * ArrayBuffer and every hand-in of bytes failed the schema; a structured clone makes a copy in
 * this script's realm (a 2 MiB segment: about a millisecond). Chrome's isolated world receives
 * the message as its own already.
 */
const own = (message: Record<string, unknown>): Record<string, unknown> =>
  __P2PV_FIREFOX__ ? structuredClone(message) : message;

window.addEventListener("message", (event) => {
  if (event.source !== window || !isRelayRequest(event.data)) return;
  let message: Record<string, unknown>;
  try {
    message = own(event.data.message);
  } catch {
    return; // Not cloneable (page script): nothing the hook sends.
  }
  void forward(event.data.id, message);
});

/**
 * The popup asks every frame of the tab for a note; only a frame that stands aside answers. It
 * asks the top frame which players of other origins its page embeds.
 */
browser.runtime.onMessage.addListener(
  (message: unknown): Promise<FrameNote | EmbeddedPlayers> | undefined => {
    if (standsAside !== undefined && frameNoteQuerySchema.safeParse(message).success) {
      return Promise.resolve({ standAside: standsAside });
    }
    if (window === window.top && embeddedPlayersQuerySchema.safeParse(message).success) {
      return Promise.resolve({ frames: embeddedPlayers(document) });
    }
    return undefined;
  },
);
