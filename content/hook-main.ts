/**
 * The page hook: runs in the page's MAIN world at document_start, in every frame of a site the
 * viewer enabled (the background registers it for those sites only). It learns the streams from
 * the manifests the page loads, answers segment requests from the engine when it can, and lets
 * everything else go to the network untouched.
 */
import { bufferedAhead } from "../hook/buffer-ahead";
import { RelayEngineClient } from "../hook/engine-client";
import { installInterceptors } from "../hook/intercept";
import { PageSegmentSource } from "../hook/page-source";
import { StreamRegistry } from "../hook/stream";

const engine = new RelayEngineClient(window);
const ahead = () => bufferedAhead(document);
installInterceptors(window, new PageSegmentSource(new StreamRegistry(), engine, ahead));
window.addEventListener("pagehide", () => {
  engine.stop();
});
