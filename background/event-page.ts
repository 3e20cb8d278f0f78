/**
 * Firefox's background: an MV3 event page, which also hosts the engine (engine/in-page-engine.ts:
 * Firefox has no offscreen documents, and its event pages have WebRTC). A frame's port is a
 * runtime.Port from the relay (background/frame-port-binder.ts). Bundled with esbuild
 * (scripts/bundle-extension-scripts.ts), not by Plasmo, since it carries the engine.
 */
import { InPageEngine } from "../engine/in-page-engine";
import { hostPattern, permissionPattern } from "../messaging/site-access";
import { installStorageFault } from "../engine/test-faults";
import { bindFramePort } from "./frame-port-binder";
import { startBackground } from "./main";
import { applyTestPreset } from "./test-preset";

/** Set by esbuild: true only in the test build (scripts/make-firefox-build.ts). */
declare const __P2PV_TEST_BUILD__: boolean;

// The engine starts on the first request, after startBackground has returned.
const engine = new InPageEngine((channel) => {
  background.host.attach(channel);
});
const background = startBackground({
  engine,
  sitePattern: hostPattern,
  permissionPattern: (site) => permissionPattern(site, true),
  // Firefox's runtime messages are structured clones: segment bytes travel as ArrayBuffers.
  runtimeBytes: "structured-clone",
  connected: (port, parts) => {
    if (!bindFramePort(port, parts, () => engine.engine)) port.disconnect();
  },
});

if (__P2PV_TEST_BUILD__) {
  installStorageFault();
  void applyTestPreset();
}
