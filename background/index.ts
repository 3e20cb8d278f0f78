// Background context: the MV3 service worker in Chrome, the event page in Firefox.
// The engine host (offscreen document, tracker client, HybridLoader wiring) is built in a later
// issue. Until then this context sets nothing up.
import browser from "webextension-polyfill";

browser.runtime.onInstalled.addListener(() => {
  // Placeholder: nothing to initialise or migrate yet.
});
