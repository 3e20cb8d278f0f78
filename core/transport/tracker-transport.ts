import Client from "bittorrent-tracker";
import type { OfferReservation, Release } from "../p2p/peer-budget.js";
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

/** bittorrent-tracker's WebSocket client makes at most this many offers per announce, whatever numwant. */
const MAX_OFFERS_PER_ANNOUNCE = 5;

/**
 * Finds peers through WebTorrent trackers (bittorrent-tracker) and connects over WebRTC. One
 * client per tracker URL: bittorrent-tracker asks getAnnounceOpts() once per announce, for all
 * its trackers at once or for one (its interval timers), so only with one tracker per client
 * does each call stand for one announce's offers, which the engine's PeerBudget must reserve.
 */
export class TrackerTransport implements SwarmTransport {
  isSupported(): boolean {
    return typeof globalThis.RTCPeerConnection === "function";
  }

  join(options: SwarmJoinOptions, events: SwarmEvents): SwarmMembership {
    const { slot, release } = distinctSlot(options.infoHash);
    const state = { leaving: false };
    const clients = options.announce.map((url) =>
      announceTo(withSlot(url, slot), options, events, state),
    );
    return {
      reannounce: () => {
        for (const client of clients) client.update();
      },
      leave: () => {
        state.leaving = true;
        release();
        for (const client of clients) {
          client.stop();
          client.destroy();
        }
      },
    };
  }
}

/** A started client of one tracker whose offers and answers hold units of the budget. */
function announceTo(
  url: string,
  options: SwarmJoinOptions,
  events: SwarmEvents,
  state: { leaving: boolean },
): Client {
  /** Our reservations, oldest first, whose offers may still be answered. */
  const reservations: OfferReservation[] = [];
  /** The reservation of the announce the tracker has not answered yet. */
  let awaiting: OfferReservation | undefined;
  const client = new Client({
    infoHash: options.infoHash,
    peerId: options.peerId,
    announce: [url],
    port: 6881, // required by the constructor in Node; WebRTC trackers ignore it
    rtcConfig: options.rtcConfig,
    // numwant 0 is a plain announce: the tracker still counts us and reports the swarm's size.
    getAnnounceOpts: () => {
      if (awaiting?.held === 0) awaiting = undefined;
      // A tracker that has not answered our last announce (down, reconnecting) gets no new
      // offers: they would hold the engine's budget for OFFER_TIMEOUT_MS for nothing.
      if (state.leaving || awaiting !== undefined) return { numwant: 0 };
      const offers = options.takeOffers(
        Math.min(options.peersPerAnnounce, MAX_OFFERS_PER_ANNOUNCE),
      );
      if (offers.count > 0) {
        awaiting = offers;
        reservations.push(offers);
      }
      return { numwant: offers.count };
    },
  });
  // A tracker that was down or dropped us is tried again within seconds, not minutes.
  quickenReconnects(client as { _trackers?: unknown[]; destroyed?: boolean });
  const claimAnswered = (): Release | undefined => {
    while (reservations[0]?.held === 0) reservations.shift();
    return reservations[0]?.claim();
  };
  client.on("peer", (peer: SimplePeer) => {
    // An answer to one of our offers moves its unit to the connection; a remote offer needs one.
    const unit = (peer.initiator ? claimAnswered() : undefined) ?? options.takePending();
    if (!unit) {
      // The engine is full. After the client's signal() of the offer, which follows this event.
      queueMicrotask(() => {
        peer.destroy();
      });
      return;
    }
    const accept = () => {
      unit();
      events.onConnection(new SimplePeerConnection(peer));
    };
    if (peer.connected) accept();
    else peer.once("connect", accept);
    peer.on("close", unit);
    peer.on("error", () => {
      unit();
      peer.destroy();
    });
  });
  client.on("update", (data: { complete?: number; incomplete?: number }) => {
    const complete = data.complete ?? 0;
    const incomplete = data.incomplete ?? 0;
    // The tracker forwards our offers to at most the other members: the rest are never answered.
    awaiting?.trim(Math.max(0, complete + incomplete - 1));
    awaiting = undefined;
    events.onTrackerUpdate({ complete, incomplete });
  });
  client.on("warning", (error: Error) => {
    events.onTrackerWarning(error);
  });
  client.on("error", (error: Error) => {
    events.onTrackerWarning(error);
  });
  client.start();
  return client;
}
