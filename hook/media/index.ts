/**
 * The page hook's media watch: wraps MediaSource/SourceBuffer creation, URL.createObjectURL and
 * setMediaKeys in the page's MAIN world to learn which media element plays which SourceBuffers,
 * and reports the player's position (and any use of EME) to a MediaObserver.
 */
export { installMediaWatch } from "./install";
