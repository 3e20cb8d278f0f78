import debugFactory from "debug";
import type { Clock, TimerHandle } from "../env.js";
import type { LoaderError } from "../errors.js";
import type { SegmentBuffer } from "../segment-buffer.js";
import type { Settings } from "../settings.js";
import type { PeerConnection, SwarmMembership, SwarmTransport } from "../transport/transport.js";
import type { OfferReservation, PeerBudget, Release } from "./peer-budget.js";
import { peerToReplace } from "./peer-cap.js";
import { PeerSession } from "./peer-session.js";
import type { UploadBudget } from "./upload-budget.js";
import { encode, SegmentStatus, type MapEntry } from "./wire.js";

const debug = debugFactory("p2pv:swarm");

export interface SwarmHost {
  clock: Clock;
  settings: Settings;
  peerId: string;
  /** Peers and pending connections of the whole engine, shared by all its swarms. */
  budget: PeerBudget;
  /** Uploads of the whole engine, shared by all its peer sessions. */
  uploads: UploadBudget;
  /** The swarm id's tracker info hash (LoaderEnvironment.swarmInfoHash). */
  infoHash(swarmId: string): Promise<string>;
  /** Our map for the swarm: what we hold and what is arriving. */
  localEntries(): MapEntry[];
  /** Our attestations for the segments in `ids` (core/p2p/attestations.ts). */
  localDigests(ids: Iterable<string>): [string, Uint8Array][];
  /** We would download `id` if a peer had it (queued, not held, not arriving). */
  wants(id: string): boolean;
  serve(id: string): Promise<SegmentBuffer | undefined>;
  onPeerConnect(session: PeerSession): void;
  onPeerClose(session: PeerSession): void;
  /** A peer's map changed: one segment's status (`id`), or the whole map. */
  onRemoteChange(session: PeerSession, id?: string): void;
  onUploaded(session: PeerSession, bytes: number): void;
  onTrackerUpdate(peersInSwarm: number): void;
  onViolation(session: PeerSession, error: LoaderError): void;
}

/** First wait before announcing again while the tracker knows more peers than we are connected to. */
export const REANNOUNCE_MIN_MS = 3000;
/** The wait doubles up to this while nothing changes. */
export const REANNOUNCE_MAX_MS = 60_000;
/** Connected peers enough that a re-announce is not worth it (p2pMaxPeers, if lower). */
const ENOUGH_PEERS = 5;

/** Our membership of one swarm: the tracker announce, the peer sessions, who has what. */
export class Swarm {
  private readonly sessions = new Map<string, PeerSession>();
  /** Each session's slot in the engine's PeerBudget, released when it closes. */
  private readonly slots = new Map<PeerSession, Release>();
  /** Offers of ours that may still be answered; given back when we leave. */
  private readonly offers = new Set<OfferReservation>();
  private membership: SwarmMembership | undefined;
  private destroyed = false;
  /** Other peers in the swarm by the tracker's last answer. */
  private trackerPeers = 0;
  private reannounceDelay = REANNOUNCE_MIN_MS;
  private reannounceTimer: TimerHandle | undefined;
  private readonly stopWatchingPause: () => void;

  constructor(
    readonly swarmId: string,
    private readonly transport: SwarmTransport,
    private readonly host: SwarmHost,
    /** Peers that broke the protocol: never accepted again by this loader. */
    private readonly banned: Set<string>,
  ) {
    // Paused uploads withdraw our map (an empty one); resumed ones tell every peer again what
    // we hold, with our attestations.
    this.stopWatchingPause = host.uploads.onPauseChange((paused) => {
      if (this.destroyed || this.host.settings.consumeOnly) return;
      if (paused) this.announceAll();
      else for (const session of this.readyPeers) this.introduce(session);
    });
  }

  /**
   * Whether peers are told nothing of what we hold: in download-only mode (consumeOnly), and
   * while uploads are paused (a metered connection). A peer that believed we hold a segment
   * would not fetch it over HTTP ahead of time and only learn "absent" when it asks, just in time.
   */
  private get silent(): boolean {
    return this.host.settings.consumeOnly || this.host.uploads.isPaused;
  }

  async join(): Promise<void> {
    const infoHash = await this.host.infoHash(this.swarmId);
    if (this.destroyed) return;
    debug("join %s as %s (%s)", this.swarmId, this.host.peerId, infoHash);
    this.membership = this.transport.join(
      {
        infoHash,
        peerId: this.host.peerId,
        announce: this.host.settings.trackerAnnounce,
        rtcConfig: this.host.settings.rtcConfig,
        peersPerAnnounce: this.host.settings.peerRequestsPerAnnounce,
        takeOffers: (want) => this.takeOffers(want),
        takePending: () => (this.destroyed ? undefined : this.host.budget.takePending()),
      },
      {
        onConnection: (connection) => {
          this.accept(connection);
        },
        onTrackerUpdate: ({ complete, incomplete }) => {
          this.trackerPeers = Math.max(0, complete + incomplete - 1);
          this.host.onTrackerUpdate(complete + incomplete);
          this.scheduleReannounce();
        },
        onTrackerWarning: (error) => {
          debug("tracker warning: %s", error.message);
        },
      },
    );
  }

  get readyPeers(): PeerSession[] {
    return [...this.sessions.values()].filter((session) => session.isReady);
  }

  get peerCount(): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.isReady) count++;
    return count;
  }

  /** Connections we would still take before p2pMaxPeers (those still in handshake count). */
  get room(): number {
    return Math.max(0, this.host.settings.p2pMaxPeers - this.sessions.size);
  }

  private takeOffers(want: number): OfferReservation {
    let offered = 0;
    for (const reservation of this.offers) {
      if (reservation.held === 0) this.offers.delete(reservation);
      offered += reservation.held;
    }
    // Offers still out count against the room: each may yet become a peer.
    const room = this.destroyed ? 0 : this.room - offered;
    const reservation = this.host.budget.takeOffers(Math.min(want, room));
    if (reservation.held > 0) this.offers.add(reservation);
    return reservation;
  }

  /** Ready peers whose segment map has arrived: what they hold is known. */
  get mappedPeerCount(): number {
    return this.readyPeers.filter((session) => session.isMapped).length;
  }

  session(peerId: string): PeerSession | undefined {
    return this.sessions.get(peerId);
  }

  /** The best peer to ask for `id`: holders before relays, then the fastest measured. */
  pickPeer(id: string, exclude: ReadonlySet<string>): PeerSession | undefined {
    let best: PeerSession | undefined;
    let bestScore = -Infinity;
    // The scheduler asks for every queued segment on every event: no arrays allocated here.
    for (const session of this.sessions.values()) {
      const status = session.statusOf(id);
      if (status === undefined || !session.isReady) continue;
      if (exclude.has(session.id) || session.activeDownloads > 0) continue;
      // Unmeasured peers score highest so each is tried once; then measured speed decides.
      const speed = session.throughput ?? Number.MAX_SAFE_INTEGER;
      const score = (status === SegmentStatus.Loaded ? 2 : 1) * 1e15 + Math.min(speed, 1e14);
      if (score > bestScore) {
        best = session;
        bestScore = score;
      }
    }
    return best;
  }

  /** Some connected peer holds or is loading `id`. */
  isAvailable(id: string): boolean {
    for (const session of this.sessions.values()) {
      if (session.statusOf(id) !== undefined && session.isReady) return true;
    }
    return false;
  }

  announce(id: string, status: SegmentStatus): void {
    if (this.silent) return;
    // Encoded once for all peers: a segment's status goes to every connected peer.
    const message = encode({ type: "status", id, status });
    for (const session of this.sessions.values()) session.sendEncoded(message);
  }

  /** Tells every peer the origin's digest of a segment we fetched from it (an attestation). */
  announceDigest(id: string, sha256: Uint8Array): void {
    if (this.silent) return;
    const message = encode({ type: "digest", id, sha256 });
    for (const session of this.sessions.values()) session.sendEncoded(message);
  }

  /** The attestations for `id` of the connected peers not in `exclude`, by peer id. */
  attestations(id: string, exclude: ReadonlySet<string>): Map<string, Uint8Array> {
    const found = new Map<string, Uint8Array>();
    for (const session of this.sessions.values()) {
      const digest = session.isReady && !exclude.has(session.id) ? session.digestOf(id) : undefined;
      if (digest) found.set(session.id, digest);
    }
    return found;
  }

  /**
   * Sends the whole map again (after a cleanup, when a peer becomes ready, when the pause of
   * uploads changes): an empty one while uploads are paused, so peers forget what we hold.
   */
  announceAll(): void {
    if (this.destroyed || this.host.settings.consumeOnly) return;
    const entries = this.host.uploads.isPaused ? [] : this.host.localEntries();
    const message = encode({ type: "segments-map", entries });
    for (const session of this.sessions.values()) session.sendEncoded(message);
  }

  /**
   * The tracker answers an announce with offers to a few peers; a connection that fails is not
   * offered again until the tracker's next interval (minutes). While the tracker knows more peers
   * than we have, announce again after a short wait, doubling it while nothing improves.
   */
  private scheduleReannounce(): void {
    if (this.destroyed || this.reannounceTimer !== undefined) return;
    if (this.peerCount >= this.reannounceTarget()) {
      this.reannounceDelay = REANNOUNCE_MIN_MS;
      return;
    }
    this.reannounceTimer = this.host.clock.setTimeout(() => {
      this.reannounceTimer = undefined;
      if (this.destroyed || this.peerCount >= this.reannounceTarget()) return;
      debug("re-announcing: %d of %d peers", this.peerCount, this.trackerPeers);
      this.membership?.reannounce();
      this.reannounceDelay = Math.min(this.reannounceDelay * 2, REANNOUNCE_MAX_MS);
    }, this.reannounceDelay);
  }

  /** Peers worth re-announcing for: what the tracker knows, up to ENOUGH_PEERS and the cap. */
  private reannounceTarget(): number {
    return Math.min(this.trackerPeers, ENOUGH_PEERS, this.host.settings.p2pMaxPeers);
  }

  ban(peerId: string): void {
    this.banned.add(peerId);
  }

  /** Bans a peer and closes its session (its bytes or its word were proved false). */
  expel(peerId: string): void {
    this.ban(peerId);
    this.sessions.get(peerId)?.close();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.stopWatchingPause();
    this.host.clock.clearTimeout(this.reannounceTimer);
    this.membership?.leave();
    for (const reservation of this.offers) reservation.cancel();
    this.offers.clear();
    for (const session of [...this.sessions.values()]) session.close();
    this.sessions.clear();
  }

  private accept(connection: PeerConnection): void {
    const peerId = connection.remotePeerId;
    if (this.destroyed || this.banned.has(peerId) || peerId === this.host.peerId) {
      connection.close();
      return;
    }
    const existing = this.sessions.get(peerId);
    if (existing) {
      // Two connections to one peer (both sides offered). Both sides keep the one offered by
      // the smaller peer id, so they agree without talking.
      const keepNew = connection.initiator === this.host.peerId < peerId;
      if (!keepNew) {
        connection.close();
        return;
      }
      this.sessions.delete(peerId);
      existing.close();
    }
    const slot = this.makeRoom();
    if (!slot) {
      debug(
        "full (%d peers here, %d in all): refusing %s",
        this.sessions.size,
        this.host.budget.connected,
        peerId,
      );
      connection.close();
      return;
    }
    const session = new PeerSession(connection, {
      clock: this.host.clock,
      maxMessageSize: () => this.host.settings.webRtcMaxMessageSize,
      consumeOnly: () => this.host.settings.consumeOnly,
      serve: (id) => this.host.serve(id),
      uploads: this.host.uploads,
      onReady: (ready) => {
        debug("peer %s ready", ready.id);
        if (!this.silent) this.introduce(ready);
        this.host.onPeerConnect(ready);
      },
      onRemoteMap: (from) => {
        this.host.onRemoteChange(from);
      },
      onRemoteStatus: (from, id) => {
        this.host.onRemoteChange(from, id);
      },
      onUploaded: (from, bytes) => {
        this.host.onUploaded(from, bytes);
      },
      onViolation: (offender, error) => {
        debug("peer %s violated the protocol: %s", offender.id, error.message);
        this.ban(offender.id);
        this.host.onViolation(offender, error);
      },
      onClose: (closed) => {
        if (this.sessions.get(closed.id) === closed) this.sessions.delete(closed.id);
        this.slots.get(closed)?.();
        this.slots.delete(closed);
        if (closed.wasReady) this.host.onPeerClose(closed);
        this.scheduleReannounce();
      },
    });
    this.sessions.set(peerId, session);
    this.slots.set(session, slot);
  }

  /** A newly ready peer gets our map, then our attestations for what the map lists. */
  private introduce(session: PeerSession): void {
    const entries = this.host.localEntries();
    session.sendMap(entries);
    const ids = entries.map((entry) => entry.id);
    for (const [id, sha256] of this.host.localDigests(ids)) {
      session.sendEncoded(encode({ type: "digest", id, sha256 }));
    }
  }

  /**
   * A slot for a newcomer: below p2pMaxPeers, one from the engine's budget; at p2pMaxPeers or
   * with the engine full, the slot of our least useful peer, dropped for it (peer-cap.ts), so the
   * engine's total never grows past its budget. Undefined: refuse the newcomer.
   */
  private makeRoom(): Release | undefined {
    if (this.sessions.size < this.host.settings.p2pMaxPeers) {
      const slot = this.host.budget.takePeer();
      if (slot) return slot;
    }
    const victim = peerToReplace(this.sessions.values(), this.host.clock.now(), (id) =>
      this.host.wants(id),
    );
    if (!victim) return undefined;
    debug("full: dropping %s for a newcomer", victim.id);
    this.sessions.delete(victim.id);
    victim.close();
    return this.host.budget.takePeer();
  }
}
