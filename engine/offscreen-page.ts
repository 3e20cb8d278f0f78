/**
 * The engine's offscreen document (Chrome: chrome.offscreen, reason WEB_RTC), offscreen.html:
 * the background creates it on demand and closes it when no tab uses it. Bundled with esbuild
 * (scripts/bundle-extension-scripts.ts) without a UI framework: it shows nothing, and its start
 * is on the path of a page's first segments.
 */
import { startEngineHost } from "./offscreen-main";

startEngineHost();
