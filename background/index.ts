/**
 * Chrome's background: the MV3 service worker. The engine runs in an offscreen document
 * (background/offscreen-engine.ts); a frame's port reaches it through the bridge page and this
 * worker (background/fast-path-broker.ts).
 */
import { originPattern, permissionPattern } from "../messaging/site-access";
import { FastPathBroker } from "./fast-path-broker";
import { startBackground } from "./main";
import { enginePortOf, offscreenEngine } from "./offscreen-engine";

const background = startBackground({
  engine: offscreenEngine,
  sitePattern: originPattern,
  permissionPattern: (site) => permissionPattern(site, false),
  // Chrome's runtime messages are JSON: segment bytes travel as base64.
  runtimeBytes: "json",
  connected: (port, { host }) => {
    const engine = enginePortOf(port);
    if (engine) host.attach(engine);
  },
});

// Registered at the worker's first run, as the platform requires of service worker events.
new FastPathBroker(background.host, background.relay.tokens).install();

// The test build only (`PLASMO_PUBLIC_P2PV_TEST_BUILD=1 plasmo build --tag=test`, see
// scripts/make-test-build.ts): the store build compiles this away.
if (process.env.PLASMO_PUBLIC_P2PV_TEST_BUILD === "1") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required in the branch the store build drops, so the hooks' module goes with it (a static import would stay)
  (require("./test-hooks") as typeof import("./test-hooks")).installTestHooks(background);
}
