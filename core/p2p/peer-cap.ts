/**
 * Which connected peer makes room when a swarm is at p2pMaxPeers and another peer connects.
 *
 * Refusing every newcomer at the limit would lock a full swarm: a viewer who joins late offers
 * its connections to a few random members, and if all are full it never gets a peer. Dropping
 * any peer would cut transfers under way. So a newcomer takes the place of a peer that is of
 * least use to us: not in the middle of a transfer with us either way, connected long enough
 * to have shown what it holds, and then first one that holds nothing we want, else one that has
 * been idle a long while; the longest idle of those. If no peer qualifies, the newcomer is
 * refused (our connections are all busy or new, and so worth more than an unknown peer).
 */

/** A new peer has this long to send its map and start exchanging before it can be replaced. */
export const PROBATION_MS = 10_000;
/** A peer holding segments we want is replaced only after this long without an exchange. */
export const IDLE_MS = 30_000;

/** What the choice looks at (a PeerSession). */
export interface PeerUse {
  readonly isReady: boolean;
  readonly connectedAt: number;
  /** Clock time segment bytes last moved between us, either way. */
  readonly lastExchangeAt: number;
  readonly activeDownloads: number;
  readonly activeUploads: number;
  remoteEntries(): Iterable<[string, unknown]>;
}

const holdsWanted = (peer: PeerUse, wants: (id: string) => boolean) => {
  for (const [id] of peer.remoteEntries()) if (wants(id)) return true;
  return false;
};

/** The peer to drop for a newcomer, or undefined: refuse the newcomer. */
export function peerToReplace<T extends PeerUse>(
  peers: Iterable<T>,
  now: number,
  wants: (id: string) => boolean,
): T | undefined {
  let best: T | undefined;
  let bestUseless = false;
  for (const peer of peers) {
    if (!peer.isReady || now - peer.connectedAt < PROBATION_MS) continue;
    if (peer.activeDownloads > 0 || peer.activeUploads > 0) continue;
    const useless = !holdsWanted(peer, wants);
    if (!useless && now - peer.lastExchangeAt < IDLE_MS) continue;
    // Holding nothing we want beats idle; then the longer idle.
    const better =
      best === undefined ||
      (useless && !bestUseless) ||
      (useless === bestUseless && peer.lastExchangeAt < best.lastExchangeAt);
    if (better) {
      best = peer;
      bestUseless = useless;
    }
  }
  return best;
}
