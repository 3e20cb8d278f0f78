import Client from "bittorrent-tracker";
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

/** Finds peers through WebTorrent trackers (bittorrent-tracker) and connects over WebRTC. */
export class TrackerTransport implements SwarmTransport {
  isSupported(): boolean {
    return typeof globalThis.RTCPeerConnection === "function";
  }

  join(options: SwarmJoinOptions, events: SwarmEvents): SwarmMembership {
    const client = new Client({
      infoHash: options.infoHash,
      peerId: options.peerId,
      announce: [...options.announce],
      port: 6881, // required by the constructor in Node; WebRTC trackers ignore it
      rtcConfig: options.rtcConfig,
      getAnnounceOpts: () => ({ numwant: options.peersPerAnnounce }),
    });
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
      leave: () => {
        client.stop();
        client.destroy();
      },
    };
  }
}
