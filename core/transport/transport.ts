/**
 * How the core reaches other peers. The real implementation announces to WebTorrent trackers and
 * opens WebRTC data channels; a simulator provides its own. The core only sees connected,
 * message-oriented, reliable and ordered channels.
 */
import type { OfferReservation, Release } from "../p2p/peer-budget.js";

export interface PeerConnectionHandlers {
  onMessage(bytes: Uint8Array): void;
  /** The send buffer has room again after send() returned false. */
  onDrain(): void;
  onClose(): void;
}

export interface PeerConnection {
  /** The remote peer's id (40 hex characters). */
  readonly remotePeerId: string;
  readonly remoteAddress: string;
  /** True if this side made the offer; used to pick one of two duplicate connections. */
  readonly initiator: boolean;
  setHandlers(handlers: PeerConnectionHandlers): void;
  /** Queues one message; returns false when the caller should wait for onDrain before more. */
  send(bytes: Uint8Array): boolean;
  close(): void;
}

export interface SwarmJoinOptions {
  /** 40 hex characters: the swarm's info hash. */
  infoHash: string;
  /** 40 hex characters. */
  peerId: string;
  announce: readonly string[];
  rtcConfig: RTCConfiguration;
  peersPerAnnounce: number;
  /**
   * Offers for one announce to one tracker (asked at every announce, `want` being what the
   * transport would offer): at most the swarm's room (p2pMaxPeers less those connected) and what
   * the engine's PeerBudget has left, none when full, so a full swarm or engine makes no
   * connections it would only close. The units are held until trimmed to what the tracker
   * delivered, claimed by an answer (then released when that connection connects or fails), or
   * OFFER_TIMEOUT_MS.
   */
  takeOffers(want: number): OfferReservation;
  /**
   * A unit for a connection we answer (a remote offer), to release when it connects or fails;
   * undefined: the engine is full, do not answer.
   */
  takePending(): Release | undefined;
}

export interface SwarmEvents {
  onConnection(connection: PeerConnection): void;
  /** The tracker's counts for the swarm, this peer included; lets the loader see it is alone. */
  onTrackerUpdate(info: { complete: number; incomplete: number }): void;
  onTrackerWarning(error: Error): void;
}

export interface SwarmMembership {
  /** Announces again now, asking for more peers (after connections failed or peers left). */
  reannounce(): void;
  leave(): void;
}

export interface SwarmTransport {
  isSupported(): boolean;
  join(options: SwarmJoinOptions, events: SwarmEvents): SwarmMembership;
}
