import type { Clock } from "../env.js";
import type { Release } from "../p2p/peer-budget.js";
import type {
  PeerConnection,
  PeerConnectionHandlers,
  SwarmEvents,
  SwarmJoinOptions,
  SwarmMembership,
  SwarmTransport,
} from "../transport/transport.js";

export interface MemoryNetworkOptions {
  /** One-way delay of every message and of connection set-up (ms of the clock). */
  latency?: number;
  /** Messages in flight on one connection before send() asks the sender to wait. */
  highWaterMark?: number;
}

class MemoryConnection implements PeerConnection {
  other: MemoryConnection | undefined;
  private handlers: PeerConnectionHandlers | undefined;
  private inFlight = 0;
  private waiting = false;
  closed = false;
  /** Every message this side sent, for tests that inspect the wire. */
  readonly sent: Uint8Array[] = [];

  constructor(
    readonly remotePeerId: string,
    readonly initiator: boolean,
    private readonly clock: Clock,
    private readonly options: Required<MemoryNetworkOptions>,
  ) {}

  readonly remoteAddress = "memory";

  setHandlers(handlers: PeerConnectionHandlers): void {
    this.handlers = handlers;
  }

  send(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    const copy = bytes.slice();
    this.sent.push(copy);
    this.inFlight++;
    this.clock.setTimeout(() => {
      this.inFlight--;
      if (!this.closed) this.other?.receive(copy);
      if (this.waiting && this.inFlight === 0 && !this.closed) {
        this.waiting = false;
        this.handlers?.onDrain();
      }
    }, this.options.latency);
    if (this.inFlight >= this.options.highWaterMark) {
      this.waiting = true;
      return false;
    }
    return true;
  }

  receive(bytes: Uint8Array): void {
    if (!this.closed) this.handlers?.onMessage(bytes);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers?.onClose();
    const other = this.other;
    this.clock.setTimeout(() => other?.close(), this.options.latency);
  }
}

interface Member {
  peerId: string;
  events: SwarmEvents;
  options: SwarmJoinOptions;
  connections: MemoryConnection[];
}

/**
 * An in-process stand-in for trackers and WebRTC: every peer that joins a swarm is connected to
 * every other member (up to peersPerAnnounce and the offers the joiner's takeOffers() grants),
 * over ordered, reliable, delayed channels. Offers the tracker could not deliver go back at once;
 * an answer is refused when the answerer's takePending() is; a connection holds its units until
 * it connects.
 */
export class MemoryNetwork {
  private readonly swarms = new Map<string, Set<Member>>();
  private readonly options: Required<MemoryNetworkOptions>;
  /** Peer ids that ever joined, in order: what a tracker would have seen. */
  readonly joined: string[] = [];

  constructor(
    private readonly clock: Clock,
    options: MemoryNetworkOptions = {},
  ) {
    this.options = { latency: options.latency ?? 5, highWaterMark: options.highWaterMark ?? 64 };
  }

  transport(): SwarmTransport {
    return {
      isSupported: () => true,
      join: (options, events) => this.join(options, events),
    };
  }

  private join(options: SwarmJoinOptions, events: SwarmEvents): SwarmMembership {
    this.joined.push(options.peerId);
    let members = this.swarms.get(options.infoHash);
    if (!members) {
      members = new Set();
      this.swarms.set(options.infoHash, members);
    }
    const self: Member = { peerId: options.peerId, events, options, connections: [] };
    const offerTo = (candidates: Member[]) => {
      const offers = options.takeOffers(options.peersPerAnnounce);
      const picked = candidates.slice(0, offers.count);
      offers.trim(picked.length);
      for (const other of picked) this.connect(self, other, offers.claim());
    };
    const others = [...members];
    members.add(self);
    const size = members.size;
    this.clock.setTimeout(() => {
      events.onTrackerUpdate({ complete: 0, incomplete: size });
    }, this.options.latency);
    offerTo(others);
    const swarm = members;
    return {
      reannounce: () => {
        const open = self.connections.filter((connection) => !connection.closed);
        const linked = new Set(open.map((connection) => connection.remotePeerId));
        const fresh = [...swarm].filter((m) => m !== self && !linked.has(m.peerId));
        offerTo(fresh);
      },
      leave: () => {
        swarm.delete(self);
        for (const connection of self.connections) connection.close();
      },
    };
  }

  private connect(offerer: Member, answerer: Member, offered: Release | undefined): void {
    const answered = answerer.options.takePending();
    if (!answered) {
      // Refused: the offer is never answered. Given back at once here; a real one is held
      // until OFFER_TIMEOUT_MS.
      offered?.();
      return;
    }
    const a = new MemoryConnection(answerer.peerId, true, this.clock, this.options);
    const b = new MemoryConnection(offerer.peerId, false, this.clock, this.options);
    a.other = b;
    b.other = a;
    offerer.connections.push(a);
    answerer.connections.push(b);
    this.clock.setTimeout(() => {
      offered?.();
      answered();
      if (a.closed || b.closed) return;
      offerer.events.onConnection(a);
      answerer.events.onConnection(b);
    }, 2 * this.options.latency);
  }
}
