import type { Clock } from "../core/env.js";
import type { PeerConnection, PeerConnectionHandlers } from "../core/transport/transport.js";
import { BookedLink, FairLink, Flow } from "./link.js";

/** A viewer's attachment to the network. Rates in bytes per ms, latency one way, in ms. */
export interface HostOptions {
  upBytesPerMs: number;
  downBytesPerMs: number;
  latencyMs: number;
}

/**
 * One viewer's machine: its uplink, shared fairly by its connections (what peers run short of),
 * its downlink, booked first come first served by peers' messages and HTTP chunks, and counters.
 */
export class SimHost {
  readonly up: FairLink;
  readonly down: BookedLink;
  readonly latencyMs: number;
  sentMessages = 0;
  receivedMessages = 0;

  constructor(
    readonly address: string,
    clock: Clock,
    options: HostOptions,
  ) {
    this.up = new FairLink(clock, options.upBytesPerMs);
    this.down = new BookedLink(options.downBytesPerMs);
    this.latencyMs = options.latencyMs;
  }
}

export interface SimNetworkOptions {
  /** What a message costs on the links, in bytes (the simulator makes control messages free). */
  cost?: (bytes: Uint8Array) => number;
  /**
   * send() returns false once more than this many bytes wait in the sender's uplink for a
   * channel, and onDrain follows when they are back under it: simple-peer's 64 KiB
   * bufferedAmount threshold (scaled like the payloads).
   */
  highWaterMark?: number;
}

/** One side of a simulated data channel: ordered, reliable, paced by both peers' links. */
class SimConnection implements PeerConnection {
  other!: SimConnection;
  closed = false;
  private handlers: PeerConnectionHandlers | undefined;
  private readonly upFlow = new Flow();
  /** Bytes sent that have not left our uplink yet (the data channel's bufferedAmount). */
  private buffered = 0;
  private waiting = false;
  /** When our latest message reaches the other side: none may overtake it. */
  private lastDeliveryAt = 0;
  /** The latest delivery still to come, which messages due at the same time join. */
  private batch: { at: number; messages: Uint8Array[] } | undefined;

  constructor(
    private readonly network: SimNetwork,
    readonly local: SimHost,
    readonly remote: SimHost,
    readonly remotePeerId: string,
    readonly initiator: boolean,
  ) {}

  get remoteAddress(): string {
    return this.remote.address;
  }

  setHandlers(handlers: PeerConnectionHandlers): void {
    this.handlers = handlers;
  }

  send(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    const cost = this.network.cost(bytes);
    this.local.sentMessages++;
    this.buffered += cost;
    this.local.up.send(this.upFlow, cost, () => {
      this.leftUplink(bytes, cost);
    });
    if (cost > 0 && this.buffered > this.network.highWaterMark) this.waiting = true;
    return !this.waiting;
  }

  /** Across both access latencies, then down the other side's link (booked on arrival). */
  private leftUplink(bytes: Uint8Array, cost: number): void {
    this.buffered -= cost;
    if (this.closed) return;
    const clock = this.network.clock;
    const now = clock.now();
    const arrivesAt = now + this.local.latencyMs + this.remote.latencyMs;
    const readyAt = cost === 0 ? arrivesAt : this.remote.down.book(arrivesAt, cost);
    const deliveryAt = Math.max(readyAt, this.lastDeliveryAt);
    this.lastDeliveryAt = deliveryAt;
    // Messages sent together (a status, then the map after an eviction) arrive together: one
    // timer for the lot.
    const batch = this.batch;
    if (batch?.at === deliveryAt) {
      batch.messages.push(bytes);
    } else {
      const next = { at: deliveryAt, messages: [bytes] };
      this.batch = next;
      clock.setTimeout(() => {
        if (this.batch === next) this.batch = undefined;
        for (const message of next.messages) this.other.receive(message);
      }, deliveryAt - now);
    }
    if (this.waiting && this.buffered <= this.network.highWaterMark) {
      this.waiting = false;
      this.handlers?.onDrain();
    }
  }

  private receive(bytes: Uint8Array): void {
    if (this.closed) return;
    this.local.receivedMessages++;
    this.handlers?.onMessage(bytes);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.upFlow.close();
    this.handlers?.onClose();
    const other = this.other;
    this.network.clock.setTimeout(() => {
      other.close();
    }, this.local.latencyMs + this.remote.latencyMs);
  }
}

/**
 * Simulated WebRTC between hosts: each message crosses the sender's uplink, the two access
 * latencies and the receiver's downlink, each link shared by the flows using it.
 */
export class SimNetwork {
  readonly cost: (bytes: Uint8Array) => number;
  readonly highWaterMark: number;

  constructor(
    readonly clock: Clock,
    options: SimNetworkOptions = {},
  ) {
    this.cost = options.cost ?? ((bytes) => bytes.byteLength);
    this.highWaterMark = options.highWaterMark ?? 64 * 1024;
  }

  /**
   * A data channel between two peers, handed to each side once set up: the offer and answer
   * through the tracker (`signalMs`) and ICE, about one round trip between the peers.
   */
  connect(
    offerer: { host: SimHost; peerId: string; accept: (connection: PeerConnection) => void },
    answerer: { host: SimHost; peerId: string; accept: (connection: PeerConnection) => void },
    signalMs: number,
    /** Called once the connection is up or failed (a side closed before it came up). */
    settled: () => void = () => undefined,
  ): void {
    const a = new SimConnection(this, offerer.host, answerer.host, answerer.peerId, true);
    const b = new SimConnection(this, answerer.host, offerer.host, offerer.peerId, false);
    a.other = b;
    b.other = a;
    const rtt = 2 * (offerer.host.latencyMs + answerer.host.latencyMs);
    this.clock.setTimeout(() => {
      settled();
      if (a.closed || b.closed) return;
      offerer.accept(a);
      answerer.accept(b);
    }, signalMs + rtt);
  }
}
