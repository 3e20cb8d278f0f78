import { useEffect, useState } from "react";
import browser from "webextension-polyfill";
import * as z from "zod/mini";
import { EMBEDDED_PLAYERS_QUERY, MAX_LISTED_PLAYERS } from "../../messaging/embedded-players";
import {
  FRAME_NOTE_QUERY,
  frameNoteSchema,
  type StandAsideReason,
} from "../../messaging/frame-note";
import { siteSchema } from "../../messaging/stored-settings";

/** How often the popup asks again (a page may start its own P2P or add a player later). */
const TAB_POLL_MS = 2000;

/**
 * What the tab's relays (content/relay.ts) answer to `query`, asked now and every TAB_POLL_MS,
 * of every frame or only of `frameId`; `read` turns a reply into the value (undefined for no
 * answer or one that does not parse: a page's relay may have been given anything). The last
 * value read stays until another is.
 */
function useTabAnswer<T>(
  tabId: number | undefined,
  query: string,
  read: (reply: unknown) => T | undefined,
  frameId?: number,
): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    if (tabId === undefined) return;
    let stopped = false;
    const ask = async () => {
      const options = frameId === undefined ? undefined : { frameId };
      const reply: unknown = await browser.tabs
        .sendMessage(tabId, { type: query }, options)
        .catch(() => undefined);
      const answer = read(reply);
      if (!stopped && answer !== undefined) setValue(answer);
    };
    void ask();
    const timer = setInterval(() => void ask(), TAB_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
    // `read` is a module-level function in each caller below.
  }, [tabId, query, read, frameId]);
  return value;
}

const readNote = (reply: unknown) => frameNoteSchema.safeParse(reply).data?.standAside;

/**
 * Whether a frame of the tab stands aside, and why: the relays remember what their hook said for
 * as long as the page lives; only a frame that stands aside answers.
 */
export function useFrameNote(tabId: number | undefined): StandAsideReason | undefined {
  return useTabAnswer(tabId, FRAME_NOTE_QUERY, readNote);
}

/** A relay's list of embedded players; each must be an http(s) origin (never a wildcard host). */
const embeddedPlayersSchema = z.strictObject({
  frames: z.array(siteSchema).check(z.maxLength(MAX_LISTED_PLAYERS)),
});
const readPlayers = (reply: unknown) => embeddedPlayersSchema.safeParse(reply).data?.frames;

/** The origins of the players of other origins the tab's page embeds (its top frame says). */
export function useEmbeddedPlayers(tabId: number | undefined): string[] | undefined {
  return useTabAnswer(tabId, EMBEDDED_PLAYERS_QUERY, readPlayers, 0);
}
