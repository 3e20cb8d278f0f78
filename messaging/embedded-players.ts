/**
 * Players embedded from other origins, as the popup learns of them: it asks the top frame's relay
 * of the tab (`tabs.sendMessage` to frame 0, EMBEDDED_PLAYERS_QUERY), which lists the origins of
 * the player-sized frames on the page (content/embedded-players.ts). The page decides what
 * frames it has, so the list is only an offer the viewer reads: sharing a frame's video takes the
 * viewer's click and the browser's host permission for that origin, named in both. The popup
 * checks each origin with siteSchema (ui/popup/use-tab-answer.ts); this module stays small, as
 * the relay content script imports it.
 */
import * as z from "zod/mini";

export const EMBEDDED_PLAYERS_QUERY = "popup/embedded-players";

/** At most this many origins are listed (a page full of frames offers no more). */
export const MAX_LISTED_PLAYERS = 4;

export const embeddedPlayersQuerySchema = z.strictObject({
  type: z.literal(EMBEDDED_PLAYERS_QUERY),
});

/** The relay's answer: frame origins, in page order. */
export interface EmbeddedPlayers {
  frames: string[];
}
