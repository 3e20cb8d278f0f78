import { MAX_LISTED_PLAYERS } from "../messaging/embedded-players";

/** A frame smaller than this (CSS px) is taken for an ad or a widget, not a player. */
const PLAYER_MIN_WIDTH = 200;
const PLAYER_MIN_HEIGHT = 112;

/**
 * The origins of the frames on this page that look like embedded players: an http(s) frame of
 * another origin, at least PLAYER_MIN_WIDTH x PLAYER_MIN_HEIGHT on screen, in page order, each
 * once, MAX_LISTED_PLAYERS at most. A frame's src names where it started; a frame that navigated
 * since is listed by that first origin.
 */
export function embeddedPlayers(document: Document): string[] {
  const own = document.location.origin;
  const origins = new Set<string>();
  for (const frame of document.querySelectorAll("iframe")) {
    if (origins.size >= MAX_LISTED_PLAYERS) break;
    if (!URL.canParse(frame.src)) continue;
    const url = new URL(frame.src);
    if ((url.protocol !== "https:" && url.protocol !== "http:") || url.origin === own) continue;
    const box = frame.getBoundingClientRect();
    if (box.width < PLAYER_MIN_WIDTH || box.height < PLAYER_MIN_HEIGHT) continue;
    origins.add(url.origin);
  }
  return [...origins];
}
