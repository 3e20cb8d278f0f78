/**
 * The engine's offscreen document (Chrome: chrome.offscreen, reason WEB_RTC). Plasmo builds it to
 * tabs/offscreen.html; the background creates it on demand and closes it when no tab uses it.
 */
import { startEngineHost } from "../engine/offscreen-main";

startEngineHost();

/** Nothing to show: an offscreen document is never visible. */
export default function EngineDocument() {
  return null;
}
