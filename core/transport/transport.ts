/**
 * How the core reaches other peers. The real implementation announces to WebTorrent trackers and
 * opens WebRTC data channels; a simulator provides its own. The core only sees connected,
 * message-oriented, reliable and ordered channels.
 */

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
   * How many more peers the swarm would connect to now (p2pMaxPeers less those connected):
   * each announce offers at most min(peersPerAnnounce, this), none when full, so a full swarm
   * makes no connections it would only close. Asked at every announce.
   */
  wantedPeers(): number;
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
