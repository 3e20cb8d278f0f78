import { swarmInfoHash } from "../p2p/swarm-id.js";
import { decode, encode, PROTOCOL_VERSION, SegmentStatus, type WireMessage } from "../p2p/wire.js";
import type { Clock } from "../env.js";
import type { PeerConnection, SwarmMembership, SwarmTransport } from "../transport/transport.js";
import type { LoaderRig } from "./loader-rig.js";
import { settle } from "./manual-clock.js";
import { unlimitedOffers } from "./unlimited-offers.js";

type Request = WireMessage & { type: "request" };
/**
 * Where the peer lives: a rig's virtual time and in-memory network, or any clock and transport
 * (a real tracker and WebRTC in the integration tests).
 */
export type PeerPlace =
  | Pick<LoaderRig, "clock" | "network">
  | {
      clock: Clock;
      transport: SwarmTransport;
      announce: readonly string[];
      rtcConfig: RTCConfiguration;
    };

/** What a scripted peer does; every hook is optional. */
export interface PeerScript {
  /** Segment ids announced as held in the map sent after the handshake. */
  holds?: readonly string[];
  /** The loader asked for a segment. */
  onRequest?(peer: ScriptedPeer, request: Request): void;
  /** The loader's handshake arrived: the session is open on both sides. */
  onReady?(peer: ScriptedPeer): void;
}

/**
 * A peer played by a test over the rig's in-memory network: it speaks the real wire protocol
 * (wire.ts encode/decode) byte for byte, but does what its script says, so a test can be the
 * hostile peer (one that drip-feeds, floods, never answers) facing a real loader.
 */
export class ScriptedPeer {
  readonly received: WireMessage[] = [];
  private connection: PeerConnection | undefined;
  private readonly open = new Set<PeerConnection>();
  private membership: SwarmMembership | undefined;
  /** Requests the loader cancelled. */
  readonly cancelled = new Set<number>();
  /** Every connection to it closed (or none yet). */
  closed = true;

  private constructor(
    readonly peerId: string,
    private readonly place: { clock: Clock },
    private readonly script: PeerScript,
  ) {}

  /**
   * Joins `swarmId` where `place` says; loaders that join after it connect to it. On a real
   * tracker both sides may offer: it answers on the connection a message last came on.
   */
  static async join(
    place: PeerPlace,
    swarmId: string,
    script: PeerScript,
    peerId = "ee".repeat(20),
  ) {
    const peer = new ScriptedPeer(peerId, place, script);
    const infoHash = await swarmInfoHash(swarmId);
    const where =
      "network" in place
        ? { transport: place.network.transport(), announce: ["wss://tracker.test"], rtcConfig: {} }
        : place;
    peer.membership = where.transport.join(
      {
        infoHash,
        peerId,
        announce: where.announce,
        rtcConfig: where.rtcConfig,
        peersPerAnnounce: 10,
        ...unlimitedOffers,
      },
      {
        onConnection: (connection) => {
          peer.accept(connection);
        },
        onTrackerUpdate: () => undefined,
        onTrackerWarning: () => undefined,
      },
    );
    await settle();
    return peer;
  }

  /** Leaves the swarm and closes its connection. */
  leave(): void {
    this.membership?.leave();
    for (const connection of [...this.open]) connection.close();
  }

  get connected(): boolean {
    return !this.closed;
  }

  send(message: WireMessage): void {
    this.connection?.send(encode(message));
  }

  requests(id?: string): Request[] {
    return this.received.filter(
      (message): message is Request =>
        message.type === "request" && (id === undefined || message.id === id),
    );
  }

  /**
   * Answers `request` with the segment's size, then `chunk` bytes of `bytes` every `everyMs` of
   * the rig's clock, until the loader cancels or all is sent.
   */
  drip(request: Request, bytes: Uint8Array, chunk: number, everyMs: number): void {
    this.send({ type: "response", requestId: request.requestId, totalSize: bytes.byteLength });
    let at = request.offset;
    const next = () => {
      if (this.closed || this.cancelled.has(request.requestId) || at >= bytes.byteLength) return;
      const end = Math.min(bytes.byteLength, at + chunk);
      this.send({ type: "data", requestId: request.requestId, bytes: bytes.subarray(at, end) });
      at = end;
      this.place.clock.setTimeout(next, everyMs);
    };
    next();
  }

  private accept(connection: PeerConnection): void {
    this.open.add(connection);
    this.connection = connection;
    this.closed = false;
    connection.setHandlers({
      onMessage: (bytes) => {
        this.connection = connection;
        this.onMessage(bytes);
      },
      onDrain: () => undefined,
      onClose: () => {
        this.open.delete(connection);
        if (this.connection === connection) this.connection = [...this.open].at(-1);
        this.closed = this.open.size === 0;
      },
    });
    connection.send(encode({ type: "handshake", version: PROTOCOL_VERSION, consumeOnly: false }));
  }

  private onMessage(bytes: Uint8Array): void {
    const result = decode(bytes, Number.MAX_SAFE_INTEGER);
    if (!result.ok) throw new Error(`the loader sent garbage: ${result.error.message}`);
    const message = result.message;
    this.received.push(message);
    switch (message.type) {
      case "handshake": {
        const entries = (this.script.holds ?? []).map((id) => ({
          id,
          status: SegmentStatus.Loaded as const,
        }));
        this.send({ type: "segments-map", entries });
        this.script.onReady?.(this);
        return;
      }
      case "request":
        this.script.onRequest?.(this, message);
        return;
      case "cancel":
        this.cancelled.add(message.requestId);
        return;
      default:
        return;
    }
  }
}
