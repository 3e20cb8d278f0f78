import { swarmInfoHash } from "../p2p/swarm-id.js";
import { decode, encode, PROTOCOL_VERSION, SegmentStatus, type WireMessage } from "../p2p/wire.js";
import type { PeerConnection } from "../transport/transport.js";
import type { LoaderRig } from "./loader-rig.js";
import { settle } from "./manual-clock.js";

type Request = WireMessage & { type: "request" };
/** The virtual time and network the peer lives on (a LoaderRig has both). */
type Place = Pick<LoaderRig, "clock" | "network">;

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
  /** Requests the loader cancelled (or that the script ended). */
  readonly cancelled = new Set<number>();
  closed = false;

  private constructor(
    readonly peerId: string,
    private readonly rig: Place,
    private readonly script: PeerScript,
  ) {}

  /** Joins `swarmId` on the rig's network; loaders that join after it connect to it. */
  static async join(rig: Place, swarmId: string, script: PeerScript, peerId = "ee".repeat(20)) {
    const peer = new ScriptedPeer(peerId, rig, script);
    const infoHash = await swarmInfoHash(swarmId);
    rig.network.transport().join(
      {
        infoHash,
        peerId,
        announce: ["wss://tracker.test"],
        rtcConfig: {},
        peersPerAnnounce: 10,
        wantedPeers: () => 10,
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

  get connected(): boolean {
    return this.connection !== undefined && !this.closed;
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
      this.rig.clock.setTimeout(next, everyMs);
    };
    next();
  }

  private accept(connection: PeerConnection): void {
    this.connection = connection;
    connection.setHandlers({
      onMessage: (bytes) => {
        this.onMessage(bytes);
      },
      onDrain: () => undefined,
      onClose: () => {
        this.closed = true;
      },
    });
    this.send({ type: "handshake", version: PROTOCOL_VERSION, consumeOnly: false });
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
