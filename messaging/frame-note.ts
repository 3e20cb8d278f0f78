/**
 * Why a frame's hook stands aside, and how the popup learns it. The hook tells its relay
 * (`relay/stand-aside`, never forwarded: the relay releases the frame from the engine as for
 * `relay/stop` and remembers the reason for as long as the page lives); the popup asks the tab's
 * relays (`tabs.sendMessage`, FRAME_NOTE_QUERY) and says it in its status line. Only these fixed
 * reasons exist, so a page that lies can only make the popup show one of these sentences.
 */
import * as z from "zod/mini";

export const standAsideReasonSchema = z.enum([
  /** The page runs its own peer-to-peer loader (WebRTC data channels: P2P Media Loader, PeerTube). */
  "page-p2p",
  /** The page plays protected media (EME): its segments are left alone. */
  "drm",
  /**
   * The player runs MediaSource in a dedicated worker (an element plays a MediaSourceHandle): it
   * fetches there, where the page hook does not reach.
   */
  "worker",
]);

export type StandAsideReason = z.infer<typeof standAsideReasonSchema>;

export const standAsideSchema = z.strictObject({
  type: z.literal("relay/stand-aside"),
  reason: standAsideReasonSchema,
});

/** The popup's question to every frame of a tab; a frame with nothing to say does not answer. */
export const FRAME_NOTE_QUERY = "popup/frame-note";

export const frameNoteQuerySchema = z.strictObject({ type: z.literal(FRAME_NOTE_QUERY) });

export const frameNoteSchema = z.strictObject({ standAside: standAsideReasonSchema });

export type FrameNote = z.infer<typeof frameNoteSchema>;
