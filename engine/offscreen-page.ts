/**
 * The engine's offscreen document (Chrome: chrome.offscreen, reason WEB_RTC), offscreen.html:
 * the background creates it on demand and closes it when no tab uses it. Bundled with esbuild
 * (scripts/bundle-extension-scripts.ts) without a UI framework: it shows nothing, and its start
 * is on the path of a page's first segments.
 */
import { startEngineHost } from "./offscreen-main";
import { installStorageFault } from "./test-faults";

/** Set by esbuild: true only in the test build (scripts/make-test-build.ts). */
declare const __P2PV_TEST_BUILD__: boolean;

if (__P2PV_TEST_BUILD__) {
  const fault = installStorageFault();
  if (fault) console.warn(`test build: storage fault "${fault}"`);
}
startEngineHost();
