import { useEffect, useState } from "react";
import browser from "webextension-polyfill";
import {
  FRAME_NOTE_QUERY,
  frameNoteSchema,
  type StandAsideReason,
} from "../../messaging/frame-note";

/** How often the popup asks again (a page may start its own P2P after the popup opened). */
export const FRAME_NOTE_POLL_MS = 2000;

/**
 * Whether a frame of the tab stands aside, and why: asked of the tab's relays (content/relay.ts),
 * which remember what their hook said for as long as the page lives. No answer (no frame stands
 * aside, no relay in the tab) is undefined.
 */
export function useFrameNote(tabId: number | undefined): StandAsideReason | undefined {
  const [reason, setReason] = useState<StandAsideReason>();
  useEffect(() => {
    if (tabId === undefined) return;
    let stopped = false;
    const ask = async () => {
      const reply: unknown = await browser.tabs
        .sendMessage(tabId, { type: FRAME_NOTE_QUERY })
        .catch(() => undefined);
      const parsed = frameNoteSchema.safeParse(reply);
      if (!stopped && parsed.success) setReason(parsed.data.standAside);
    };
    void ask();
    const timer = setInterval(() => void ask(), FRAME_NOTE_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [tabId]);
  return reason;
}
