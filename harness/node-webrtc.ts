/**
 * WebRTC for the core in Node (tests, demo): bittorrent-tracker's simple-peer uses
 * webrtc-polyfill (node-datachannel) there. Two fixes make it behave like a browser:
 * - webrtc-polyfill never fires the final `icecandidate` event with a null candidate, so
 *   simple-peer (trickle off, as bittorrent-tracker uses it) waits its 5 s iceComplete timeout
 *   for every offer and answer. We fire it when gathering completes.
 * - HybridLoader.isSupported() looks for a global RTCPeerConnection.
 */
import { RTCPeerConnection } from "webrtc-polyfill";

interface PatchedPrototype {
  dispatchEvent: (this: PatchedPrototype, event: Event) => boolean;
  iceGatheringState: string;
  __p2pvPatched?: boolean;
}

export function installNodeWebRtc(): void {
  const prototype = RTCPeerConnection.prototype as unknown as PatchedPrototype;
  if (prototype.__p2pvPatched) return;
  const dispatch = prototype.dispatchEvent;
  prototype.dispatchEvent = function (this: PatchedPrototype, event: Event): boolean {
    const result = dispatch.call(this, event);
    if (event.type === "icegatheringstatechange" && this.iceGatheringState === "complete") {
      const done = Object.assign(new Event("icecandidate"), { candidate: null });
      dispatch.call(this, done);
    }
    return result;
  };
  prototype.__p2pvPatched = true;
  (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection ??= RTCPeerConnection;
}

/** rtcConfig for peers inside the test namespace: no STUN, host candidates on loopback. */
export const loopbackRtcConfig = {
  iceServers: [],
  bindAddress: "127.0.0.1",
} as RTCConfiguration;
