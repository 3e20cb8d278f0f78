/**
 * The page hook: runs in the page's MAIN world at document_start, in every frame of a site the
 * viewer enabled (the background registers it for those sites only). It learns the streams from
 * the manifests the page loads and the player's position from its MediaSource, answers segment
 * requests from the engine when it can, keeps the engine's queue ahead of the player, and lets
 * everything else go to the network untouched.
 */
import { documentLead, documentPlaying } from "../hook/buffer-ahead";
import { RelayEngineClient } from "../hook/engine-client";
import { installInterceptors } from "../hook/intercept";
import { installMediaWatch } from "../hook/media";
import { PageSegmentSource } from "../hook/page-source";
import { StreamRegistry } from "../hook/stream";

const engine = new RelayEngineClient(window);
const source = new PageSegmentSource(new StreamRegistry(), engine, {
  fallbackLead: () => documentLead(document),
  fallbackPlaying: () => documentPlaying(document),
});
installInterceptors(window, source);
installMediaWatch(window, source);
window.addEventListener("pagehide", () => {
  source.destroy();
});
