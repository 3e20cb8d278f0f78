/**
 * Peers and pending WebRTC connections for a whole engine: one budget shared by every swarm of
 * every loader it is injected into (LoaderEnvironment.peerBudget). p2pMaxPeers bounds one swarm;
 * an engine runs up to 24 swarms, and each announce of each makes offers, so without a shared
 * bound one page's players could hold hundreds of RTCPeerConnections.
 *
 * Pending connections are RTCPeerConnections being set up: our offers until a peer answers (or
 * the tracker client drops them, OFFER_TIMEOUT_MS later) and every answered offer or remote offer
 * until it connects or fails. Each also counts against the peers (a pending offer is a peer in
 * waiting), so a full engine makes no offers it would only have to refuse.
 */
import type { Clock, TimerHandle } from "../env.js";

export interface PeerBudgetLimits {
  /** Peers connected (in handshake or ready) over all swarms. */
  peers: number;
  /** Connections being set up over all swarms (see above). */
  pendingOffers: number;
}

/**
 * 64 peers: a player's video and audio swarms at p2pMaxPeers (2 × 20) plus a second player's
 * worth, while 24 swarms at p2pMaxPeers would be 480, near Chromium's per-process limit of
 * RTCPeerConnections. 20 pending: two announces to the two default trackers (5 offers each, the
 * most bittorrent-tracker's WebSocket client makes), i.e. a player's two swarms joining at once.
 */
export const DEFAULT_PEER_BUDGET: PeerBudgetLimits = { peers: 64, pendingOffers: 20 };

/** bittorrent-tracker's OFFER_TIMEOUT: an unanswered offer is destroyed after this long. */
export const OFFER_TIMEOUT_MS = 50_000;

/** Gives a unit back; calling it again does nothing. */
export type Release = () => void;

/** Offers reserved for one announce to one tracker. */
export interface OfferReservation {
  /** Offers granted (at most the `want` asked for). */
  readonly count: number;
  /** Offers still held: neither delivered-and-claimed, trimmed nor expired. */
  readonly held: number;
  /** The tracker forwarded only `delivered` offers (others in the swarm): the rest go back now. */
  trim(delivered: number): void;
  /** A peer answered one offer: its unit now belongs to that connection until it is released. */
  claim(): Release | undefined;
  /** Gives every held unit back (the swarm left). */
  cancel(): void;
}

export class PeerBudget {
  private connectedCount = 0;
  private pendingCount = 0;

  constructor(
    readonly limits: PeerBudgetLimits,
    private readonly clock: Clock,
  ) {}

  get connected(): number {
    return this.connectedCount;
  }

  get pending(): number {
    return this.pendingCount;
  }

  /** Connections that could still be set up: pending room, within the peers left. */
  get freeOffers(): number {
    const peersLeft = this.limits.peers - this.connectedCount - this.pendingCount;
    return Math.max(0, Math.min(this.limits.pendingOffers - this.pendingCount, peersLeft));
  }

  /** A connected peer's slot, or undefined when the engine has its peers. */
  takePeer(): Release | undefined {
    if (this.connectedCount >= this.limits.peers) return undefined;
    this.connectedCount++;
    return once(() => {
      this.connectedCount--;
    });
  }

  /** A slot for a connection we answer (a remote offer), or undefined: refuse it. */
  takePending(): Release | undefined {
    if (this.freeOffers < 1) return undefined;
    this.pendingCount++;
    return this.pendingRelease();
  }

  /** Reserves up to `want` offers, each given back when trimmed, released or expired. */
  takeOffers(want: number): OfferReservation {
    const count = Math.max(0, Math.min(Math.floor(want), this.freeOffers));
    this.pendingCount += count;
    let held = count;
    let claimed = 0;
    let expiry: TimerHandle | undefined;
    const giveBack = (units: number) => {
      const back = Math.max(0, Math.min(units, held));
      held -= back;
      this.pendingCount -= back;
      if (held === 0) this.clock.clearTimeout(expiry);
    };
    // The tracker client destroys unanswered offers after OFFER_TIMEOUT_MS; so do we.
    if (count > 0)
      expiry = this.clock.setTimeout(() => {
        giveBack(held);
      }, OFFER_TIMEOUT_MS);
    return {
      count,
      get held() {
        return held;
      },
      trim: (delivered) => {
        // Offers already answered were among those delivered.
        giveBack(held - Math.max(0, delivered - claimed));
      },
      claim: () => {
        if (held === 0) return undefined;
        // The unit stays pending, now until the answered connection connects or fails.
        held--;
        claimed++;
        if (held === 0) this.clock.clearTimeout(expiry);
        return this.pendingRelease();
      },
      cancel: () => {
        giveBack(held);
      },
    };
  }

  private pendingRelease(): Release {
    return once(() => {
      this.pendingCount--;
    });
  }
}

function once(action: () => void): Release {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
