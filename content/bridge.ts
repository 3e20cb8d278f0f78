/**
 * The fast path's bridge: a web-accessible extension page (bridge.html) the relay embeds in a
 * hidden iframe. It takes a MessagePort and a token from the relay and hands both to the service
 * worker, which redeems the token for the frame the background vouched for and passes the port to
 * the engine. The bridge trusts nothing it is sent: page JavaScript can post here too, and without
 * a token the background issued for that frame the port goes nowhere. No framework and no schema
 * library: it must load in a few milliseconds (scripts/bundle-extension-scripts.ts bundles it).
 */
import {
  BRIDGE_ATTACH_TYPE,
  BRIDGE_OPEN_TAG,
  type BridgeAttachMessage,
} from "../messaging/bridge-names";

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const port = event.ports[0];
  const data = event.data as { tag?: unknown; token?: unknown } | null;
  if (!port || data?.tag !== BRIDGE_OPEN_TAG || typeof data.token !== "string") return;
  const message: BridgeAttachMessage = { type: BRIDGE_ATTACH_TYPE, token: data.token };
  void navigator.serviceWorker.ready.then((registration) => {
    registration.active?.postMessage(message, [port]);
  });
});
