import Client from "bittorrent-tracker";
import { quickenReconnects } from "./tracker-reconnect.js";
import type {
  PeerConnection,
  PeerConnectionHandlers,
  SwarmEvents,
  SwarmJoinOptions,
  SwarmMembership,
  SwarmTransport,
} from "./transport.js";

/** The parts of a simple-peer instance (as bittorrent-tracker creates it) that we use. */
interface SimplePeer {
  id: string;
  initiator: boolean;
  connected: boolean;
  remoteAddress?: string;
  write(chunk: Uint8Array): boolean;
  destroy(): void;
  on(event: "connect" | "close" | "drain", listener: () => void): void;
  on(event: "data", listener: (data: Uint8Array) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  once(event: "connect", listener: () => void): void;
}

class SimplePeerConnection implements PeerConnection {
  private handlers: PeerConnectionHandlers | undefined;
  private closed = false;

  constructor(private readonly peer: SimplePeer) {
    peer.on("data", (data) => this.handlers?.onMessage(data));
    peer.on("drain", () => this.handlers?.onDrain());
    peer.on("close", () => {
      this.markClosed();
    });
    peer.on("error", () => {
      this.markClosed();
    });
  }

  get remotePeerId(): string {
    return this.peer.id;
  }
  get remoteAddress(): string {
    return this.peer.remoteAddress ?? "";
  }
  get initiator(): boolean {
    return this.peer.initiator;
  }

  setHandlers(handlers: PeerConnectionHandlers): void {
    this.handlers = handlers;
  }

  send(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    return this.peer.write(bytes);
  }

  close(): void {
    this.peer.destroy();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers?.onClose();
  }
}

/**
 * bittorrent-tracker shares one WebSocket per tracker URL among all clients of a JS realm, and
 * the tracker's messages name the swarm but not the recipient: two clients of the same swarm on
 * one socket receive each other's offers and answers. So the second and later members of a swarm
 * in this realm (two tabs of one stream in one engine, or several loaders in one Node process)
 * announce to the same tracker under a distinct URL, which gets its own socket. Trackers ignore
 * the query string.
 */
const membersByInfoHash = new Map<string, Set<number>>();

function distinctSlot(infoHash: string): { slot: number; release: () => void } {
  const slots = membersByInfoHash.get(infoHash) ?? new Set<number>();
  membersByInfoHash.set(infoHash, slots);
  let slot = 0;
  while (slots.has(slot)) slot++;
  slots.add(slot);
  return {
    slot,
    release: () => {
      slots.delete(slot);
      if (slots.size === 0) membersByInfoHash.delete(infoHash);
    },
  };
}

const withSlot = (url: string, slot: number) =>
  slot === 0 ? url : `${url}${url.includes("?") ? "&" : "?"}p2pv-member=${String(slot)}`;

/** Finds peers through WebTorrent trackers (bittorrent-tracker) and connects over WebRTC. */
export class TrackerTransport implements SwarmTransport {
  isSupported(): boolean {
    return typeof globalThis.RTCPeerConnection === "function";
  }

  join(options: SwarmJoinOptions, events: SwarmEvents): SwarmMembership {
    const { slot, release } = distinctSlot(options.infoHash);
    const client = new Client({
      infoHash: options.infoHash,
      peerId: options.peerId,
      announce: options.announce.map((url) => withSlot(url, slot)),
      port: 6881, // required by the constructor in Node; WebRTC trackers ignore it
      rtcConfig: options.rtcConfig,
      // numwant 0 is a plain announce: the tracker still counts us and reports the swarm's size.
      getAnnounceOpts: () => ({
        numwant: Math.max(0, Math.min(options.peersPerAnnounce, options.wantedPeers())),
      }),
    });
    // A tracker that was down or dropped us is tried again within seconds, not minutes.
    quickenReconnects(client as { _trackers?: unknown[]; destroyed?: boolean });
    client.on("peer", (peer: SimplePeer) => {
      const accept = () => {
        events.onConnection(new SimplePeerConnection(peer));
      };
      if (peer.connected) accept();
      else peer.once("connect", accept);
      peer.on("error", () => {
        peer.destroy();
      });
    });
    client.on("update", (data: { complete?: number; incomplete?: number }) => {
      events.onTrackerUpdate({ complete: data.complete ?? 0, incomplete: data.incomplete ?? 0 });
    });
    client.on("warning", (error: Error) => {
      events.onTrackerWarning(error);
    });
    client.on("error", (error: Error) => {
      events.onTrackerWarning(error);
    });
    client.start();
    return {
      reannounce: () => {
        client.update();
      },
      leave: () => {
        release();
        client.stop();
        client.destroy();
      },
    };
  }
}
