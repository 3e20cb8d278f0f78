/**
 * The names the fast path's bridge page shares with the relay and the service worker. No schema
 * library here: the bridge page imports only this, so it stays a few hundred bytes and loads in
 * the time the engine takes to start (messaging/fast-path.ts has the schemas).
 */

/** The bridge page's path inside the extension (scripts/bundle-extension-scripts.ts writes it). */
export const BRIDGE_PAGE_PATH = "bridge.html";

/** Relay -> bridge iframe (window.postMessage, with the port in `ports[0]`). */
export const BRIDGE_OPEN_TAG = "p2pv/bridge-open";
export interface BridgeOpenMessage {
  tag: typeof BRIDGE_OPEN_TAG;
  token: string;
}

/** Bridge iframe -> service worker (ServiceWorker.postMessage, with the port in `ports[0]`). */
export const BRIDGE_ATTACH_TYPE = "bridge/attach-port";
export interface BridgeAttachMessage {
  type: typeof BRIDGE_ATTACH_TYPE;
  token: string;
}
