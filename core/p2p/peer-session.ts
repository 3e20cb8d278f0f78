import type { Clock, TimerHandle } from "../env.js";
import { LoaderError } from "../errors.js";
import type { SegmentBuffer } from "../segment-buffer.js";
import type { PeerConnection } from "../transport/transport.js";
import type { Release } from "./peer-budget.js";
import type { UploadBudget } from "./upload-budget.js";
import {
  DATA_HEADER_BYTES,
  decode,
  encode,
  PROTOCOL_VERSION,
  SegmentStatus,
  type MapEntry,
  type WireMessage,
} from "./wire.js";

/** A peer that says nothing for this long after connecting is dropped. */
export const HANDSHAKE_TIMEOUT_MS = 5000;
/** Largest message accepted from a peer, whatever its own webRtcMaxMessageSize. */
export const MAX_INCOMING_MESSAGE_BYTES = 256 * 1024;
/** Requests a peer may have open with us at once; more are answered "absent". */
export const MAX_INCOMING_REQUESTS = 16;
/** Data may still arrive for a request we cancelled; ignore it for this long. */
const CANCELLED_GRACE_MS = 10_000;
/**
 * Most segment ids tracked for one peer (its map and statuses); beyond it the oldest announced
 * are forgotten. An honest peer announces what it holds (cachedSegmentsCount, 30 by default) and
 * what is arriving, so 1024 is over 30 times what it needs, and a peer with a larger cache only
 * loses us a chance at its oldest segments. Forgetting rather than closing: closing would ban for
 * life a peer whose user set a large cache. Ids are at most 512 bytes, so a peer costs at most
 * about 1 MB of map (UTF-16) whatever it sends.
 */
export const MAX_REMOTE_SEGMENTS = 1024;
/**
 * A P2P download is judged against RequestTimeouts.minSpeed over windows of this length, the
 * first starting with the first data bytes (before them, the first-bytes timeout applies). Long
 * enough to average out a relay that passes on its own source's bursts.
 */
export const MIN_SPEED_WINDOW_MS = 5000;

export interface PeerSessionContext {
  clock: Clock;
  maxMessageSize: () => number;
  consumeOnly: () => boolean;
  /** The bytes we can serve for `id` (held, or still arriving), or undefined. */
  serve(id: string): Promise<SegmentBuffer | undefined>;
  /** The engine's uploads, shared by all sessions (absent: no limit beyond this session's). */
  uploads?: Pick<UploadBudget, "tryStart" | "take">;
  onReady(session: PeerSession): void;
  onRemoteStatus(session: PeerSession, id: string): void;
  onRemoteMap(session: PeerSession): void;
  onUploaded(session: PeerSession, bytes: number): void;
  /** The peer broke the protocol: it is closed and must not be reconnected. */
  onViolation(session: PeerSession, error: LoaderError): void;
  onClose(session: PeerSession): void;
}

export interface RequestHandlers {
  onResponse(totalSize: number): void;
  onData(bytes: Uint8Array): void;
  /** Every byte from the offset to the end has arrived. */
  onComplete(): void;
  onFail(error: LoaderError): void;
}

export interface RequestTimeouts {
  /** Until the first bytes arrive. */
  firstBytes: number;
  /** Between two data messages. */
  inactivity: number;
  /**
   * Slowest transfer kept (bytes/s; 0 or absent: no minimum): fewer bytes than this in a
   * MIN_SPEED_WINDOW_MS window (or than what was left) fail the request with "peer-too-slow".
   */
  minSpeed?: number;
}

interface OutgoingRequest {
  id: string;
  offset: number;
  handlers: RequestHandlers;
  totalSize: number | undefined;
  remaining: number;
  timeouts: RequestTimeouts;
  timer: TimerHandle | undefined;
  /** Ends the current minimum-speed window (armed at the first data bytes). */
  speedTimer: TimerHandle | undefined;
  /** `bytes` and `remaining` when the current window began. */
  windowBytes: number;
  windowRemaining: number;
  startedAt: number;
  firstByteAt: number | undefined;
  bytes: number;
}

interface IncomingRequest {
  requestId: number;
  buffer: SegmentBuffer | undefined;
  sent: number;
  headerSent: boolean;
  unsubscribe: () => void;
  /** Gives the engine's upload slot back. */
  release: Release;
}

/** Adds the newest entry of what a peer told us, forgetting the oldest beyond MAX_REMOTE_SEGMENTS. */
function remember<T>(map: Map<string, T>, id: string, value: T): void {
  map.delete(id);
  map.set(id, value);
  if (map.size <= MAX_REMOTE_SEGMENTS) return;
  const oldest = map.keys().next();
  if (oldest.done !== true) map.delete(oldest.value);
}

/** One connected peer: the wire protocol, its segment map, our requests to it and its to us. */
export class PeerSession {
  readonly id: string;
  readonly remoteAddress: string;
  private readonly remoteMap = new Map<string, SegmentStatus.Loaded | SegmentStatus.Loading>();
  /** The peer's attestations (core/p2p/attestations.ts), newest last, MAX_REMOTE_SEGMENTS at most. */
  private readonly remoteDigests = new Map<string, Uint8Array>();
  private readonly outgoing = new Map<number, OutgoingRequest>();
  private readonly incoming = new Map<number, IncomingRequest>();
  private readonly cancelled = new Map<number, number>();
  private nextRequestId = 1;
  private handshakeTimer: TimerHandle | undefined;
  private ready = false;
  private mapped = false;
  private closed = false;
  private congested = false;
  /** Requests answered absent since the channel last asked us to wait (see refuse()). */
  private refusedWhileCongested = 0;
  private pumping = false;
  /** Pumps again when the upload bandwidth cap lets the next message go. */
  private paceTimer: TimerHandle | undefined;
  /** Measured download throughput from this peer (bytes/ms); undefined until measured. */
  throughput: number | undefined;
  /** Clock time the connection was handed to us. */
  readonly connectedAt: number;
  /** Clock time segment bytes last moved between us, either way (connectedAt before any). */
  lastExchangeAt: number;
  remoteConsumeOnly = false;

  constructor(
    private readonly connection: PeerConnection,
    private readonly context: PeerSessionContext,
  ) {
    this.id = connection.remotePeerId;
    this.remoteAddress = connection.remoteAddress;
    this.connectedAt = context.clock.now();
    this.lastExchangeAt = this.connectedAt;
    connection.setHandlers({
      onMessage: (bytes) => {
        this.onMessage(bytes);
      },
      onDrain: () => {
        this.congested = false;
        this.refusedWhileCongested = 0;
        this.pump();
      },
      onClose: () => {
        this.close();
      },
    });
    this.handshakeTimer = context.clock.setTimeout(() => {
      this.violation(new LoaderError("peer-timeout", "no handshake"));
    }, HANDSHAKE_TIMEOUT_MS);
    this.send({ type: "handshake", version: PROTOCOL_VERSION, consumeOnly: context.consumeOnly() });
  }

  get isReady(): boolean {
    return this.ready && !this.closed;
  }
  /** Ready, and told us what it holds (a consumeOnly peer never does). */
  get isMapped(): boolean {
    return this.isReady && this.mapped;
  }
  /** Completed the handshake at some point (still true after close). */
  get wasReady(): boolean {
    return this.ready;
  }
  get activeDownloads(): number {
    return this.outgoing.size;
  }
  get activeUploads(): number {
    return this.incoming.size;
  }
  /** Segment ids tracked for this peer (at most MAX_REMOTE_SEGMENTS). */
  get remoteSegmentCount(): number {
    return this.remoteMap.size;
  }
  statusOf(id: string): SegmentStatus.Loaded | SegmentStatus.Loading | undefined {
    return this.remoteMap.get(id);
  }
  remoteEntries(): IterableIterator<[string, SegmentStatus.Loaded | SegmentStatus.Loading]> {
    return this.remoteMap.entries();
  }
  /** The SHA-256 the peer says the origin serves for `id`, if it announced one. */
  digestOf(id: string): Uint8Array | undefined {
    return this.remoteDigests.get(id);
  }

  sendMap(entries: MapEntry[]): void {
    if (this.ready) this.send({ type: "segments-map", entries });
  }

  sendStatus(id: string, status: SegmentStatus): void {
    if (this.ready) this.send({ type: "status", id, status });
  }

  /** Sends a map, status or digest message already encoded (one encoding for all peers). */
  sendEncoded(message: Uint8Array): void {
    if (this.ready) this.sendBytes(message);
  }

  /** Asks the peer for `id` from byte `offset`; returns a function that cancels the request. */
  request(id: string, offset: number, timeouts: RequestTimeouts, handlers: RequestHandlers) {
    const requestId = this.nextRequestId++;
    const request: OutgoingRequest = {
      id,
      offset,
      handlers,
      totalSize: undefined,
      remaining: 0,
      timeouts,
      timer: undefined,
      speedTimer: undefined,
      windowBytes: 0,
      windowRemaining: 0,
      startedAt: this.context.clock.now(),
      firstByteAt: undefined,
      bytes: 0,
    };
    this.outgoing.set(requestId, request);
    this.armTimer(requestId, request, timeouts.firstBytes);
    this.send({ type: "request", requestId, id, offset });
    return () => {
      if (!this.outgoing.has(requestId)) return;
      this.endOutgoing(requestId, request);
      this.markCancelled(requestId);
      this.send({ type: "cancel", requestId });
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.context.clock.clearTimeout(this.handshakeTimer);
    this.context.clock.clearTimeout(this.paceTimer);
    for (const [requestId, request] of [...this.outgoing]) {
      this.endOutgoing(requestId, request);
      request.handlers.onFail(new LoaderError("peer-closed", this.id));
    }
    for (const upload of this.incoming.values()) {
      upload.unsubscribe();
      upload.release();
    }
    this.incoming.clear();
    this.connection.close();
    this.context.onClose(this);
  }

  private send(message: WireMessage): boolean {
    return this.sendBytes(encode(message));
  }

  private sendBytes(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    const accepted = this.connection.send(bytes);
    if (!accepted) this.congested = true;
    return accepted;
  }

  private violation(error: LoaderError): void {
    if (this.closed) return;
    this.context.onViolation(this, error);
    this.close();
  }

  private onMessage(bytes: Uint8Array): void {
    if (this.closed) return;
    const result = decode(bytes, MAX_INCOMING_MESSAGE_BYTES);
    if (!result.ok) {
      this.violation(new LoaderError("protocol-violation", result.error.message));
      return;
    }
    const message = result.message;
    if (!this.ready && message.type !== "handshake") {
      this.violation(new LoaderError("protocol-violation", `${message.type} before handshake`));
      return;
    }
    this.handle(message);
  }

  private handle(message: WireMessage): void {
    switch (message.type) {
      case "handshake":
        if (this.ready) {
          this.violation(new LoaderError("protocol-violation", "second handshake"));
        } else if (message.version !== PROTOCOL_VERSION) {
          this.violation(
            new LoaderError("protocol-violation", `version ${String(message.version)}`),
          );
        } else {
          this.ready = true;
          this.remoteConsumeOnly = message.consumeOnly;
          this.context.clock.clearTimeout(this.handshakeTimer);
          this.context.onReady(this);
        }
        return;
      case "segments-map":
        this.mapped = true;
        this.remoteMap.clear();
        // The sender lists what is arriving first, then the newest held: keep the head.
        for (const entry of message.entries) {
          if (this.remoteMap.size >= MAX_REMOTE_SEGMENTS) break;
          this.remoteMap.set(entry.id, entry.status);
        }
        // A digest outlives nothing the peer no longer holds (an id can come back as another
        // segment: a live stream's media sequence restarting).
        for (const id of this.remoteDigests.keys()) {
          if (!this.remoteMap.has(id)) this.remoteDigests.delete(id);
        }
        this.context.onRemoteMap(this);
        return;
      case "status":
        this.remoteMap.delete(message.id);
        if (message.status === SegmentStatus.Gone) this.remoteDigests.delete(message.id);
        else {
          remember(this.remoteMap, message.id, message.status);
        }
        this.context.onRemoteStatus(this, message.id);
        return;
      case "digest":
        remember(this.remoteDigests, message.id, message.sha256);
        return;
      case "request":
        void this.onRequest(message.requestId, message.id, message.offset);
        return;
      case "cancel":
        this.endIncoming(message.requestId);
        return;
      case "absent":
      case "response":
      case "data":
        this.onReply(message);
        return;
    }
  }

  private onReply(message: WireMessage & { type: "absent" | "response" | "data" }): void {
    const request = this.outgoing.get(message.requestId);
    if (!request) {
      const cancelledAt = this.cancelled.get(message.requestId);
      if (
        cancelledAt !== undefined &&
        this.context.clock.now() - cancelledAt < CANCELLED_GRACE_MS
      ) {
        return;
      }
      this.violation(new LoaderError("protocol-violation", `${message.type} for unknown request`));
      return;
    }
    if (message.type === "absent") {
      this.endOutgoing(message.requestId, request);
      request.handlers.onFail(new LoaderError("peer-absent", request.id));
      return;
    }
    if (message.type === "response") {
      if (request.totalSize !== undefined) {
        this.violation(new LoaderError("protocol-violation", "second response"));
        return;
      }
      if (message.totalSize < request.offset) {
        this.violation(new LoaderError("protocol-violation", "response smaller than offset"));
        return;
      }
      request.totalSize = message.totalSize;
      request.remaining = message.totalSize - request.offset;
      this.deliver(message.requestId, request, () => {
        request.handlers.onResponse(message.totalSize);
      });
      return;
    }
    if (request.totalSize === undefined) {
      this.violation(new LoaderError("protocol-violation", "data before response"));
      return;
    }
    if (message.bytes.byteLength > request.remaining) {
      this.violation(new LoaderError("protocol-violation", "more data than the segment's size"));
      return;
    }
    if (request.firstByteAt === undefined) {
      request.firstByteAt = this.context.clock.now();
      this.armSpeedTimer(message.requestId, request);
    }
    this.lastExchangeAt = this.context.clock.now();
    request.bytes += message.bytes.byteLength;
    request.remaining -= message.bytes.byteLength;
    this.armTimer(message.requestId, request, request.timeouts.inactivity);
    this.deliver(message.requestId, request, () => {
      request.handlers.onData(message.bytes);
    });
  }

  /**
   * Runs a handler of ours for a reply; a size error it throws is the peer's fault. Ends the
   * request when all its bytes are in.
   */
  private deliver(requestId: number, request: OutgoingRequest, call: () => void): void {
    try {
      call();
    } catch (error) {
      const loaderError =
        error instanceof LoaderError ? error : new LoaderError("protocol-violation", String(error));
      this.endOutgoing(requestId, request);
      request.handlers.onFail(loaderError);
      this.violation(loaderError);
      return;
    }
    if (request.remaining === 0 && this.outgoing.has(requestId)) {
      this.endOutgoing(requestId, request);
      request.handlers.onComplete();
    }
  }

  /** Remembers a cancelled request for the grace period, forgetting those past it. */
  private markCancelled(requestId: number): void {
    const now = this.context.clock.now();
    for (const [id, at] of this.cancelled) {
      if (now - at >= CANCELLED_GRACE_MS) this.cancelled.delete(id);
    }
    this.cancelled.set(requestId, now);
  }

  private armTimer(requestId: number, request: OutgoingRequest, ms: number): void {
    this.context.clock.clearTimeout(request.timer);
    request.timer = this.context.clock.setTimeout(() => {
      this.expire(requestId, request, "peer-timeout");
    }, ms);
  }

  /**
   * Starts a minimum-speed window (by the injected clock): at its end the peer must have sent
   * minSpeed × the window, or all that was left, else the request fails "peer-too-slow". Each
   * data message re-arms the inactivity timer, so without this a drip of a few bytes a second
   * would hold the download forever.
   */
  private armSpeedTimer(requestId: number, request: OutgoingRequest): void {
    const minSpeed = request.timeouts.minSpeed ?? 0;
    if (minSpeed <= 0) return;
    request.windowBytes = request.bytes;
    request.windowRemaining = request.remaining;
    request.speedTimer = this.context.clock.setTimeout(() => {
      request.speedTimer = undefined;
      const due = Math.min(request.windowRemaining, (minSpeed * MIN_SPEED_WINDOW_MS) / 1000);
      if (request.bytes - request.windowBytes < due) {
        this.expire(requestId, request, "peer-too-slow");
      } else if (this.outgoing.get(requestId) === request) {
        this.armSpeedTimer(requestId, request);
      }
    }, MIN_SPEED_WINDOW_MS);
  }

  /** Gives up on a request of ours: it is cancelled with the peer and fails with `code`. */
  private expire(
    requestId: number,
    request: OutgoingRequest,
    code: "peer-timeout" | "peer-too-slow",
  ): void {
    if (this.outgoing.get(requestId) !== request) return;
    this.endOutgoing(requestId, request);
    this.markCancelled(requestId);
    this.send({ type: "cancel", requestId });
    request.handlers.onFail(new LoaderError(code, request.id));
  }

  private endOutgoing(requestId: number, request: OutgoingRequest): void {
    this.context.clock.clearTimeout(request.timer);
    this.context.clock.clearTimeout(request.speedTimer);
    this.outgoing.delete(requestId);
    if (request.firstByteAt !== undefined && request.bytes > 0) {
      const elapsed = Math.max(1, this.context.clock.now() - request.startedAt);
      const speed = request.bytes / elapsed;
      this.throughput = this.throughput === undefined ? speed : 0.7 * this.throughput + 0.3 * speed;
    }
  }

  private async onRequest(requestId: number, id: string, offset: number): Promise<void> {
    if (this.incoming.has(requestId)) {
      this.violation(new LoaderError("protocol-violation", "duplicate request id"));
      return;
    }
    if (this.context.consumeOnly() || this.incoming.size >= MAX_INCOMING_REQUESTS) {
      this.refuse(requestId);
      return;
    }
    // Over the engine's concurrent uploads: "absent" at once, so the peer asks another holder.
    const release = this.context.uploads ? this.context.uploads.tryStart() : () => undefined;
    if (!release) {
      this.refuse(requestId);
      return;
    }
    const upload: IncomingRequest = {
      requestId,
      buffer: undefined,
      sent: offset,
      headerSent: false,
      unsubscribe: () => undefined,
      release,
    };
    this.incoming.set(requestId, upload);
    const buffer = await this.context.serve(id).catch(() => undefined);
    if (this.incoming.get(requestId) !== upload) return; // cancelled or closed meanwhile
    if (!buffer || buffer.state === "failed") {
      this.endIncoming(requestId);
      this.refuse(requestId);
      return;
    }
    upload.buffer = buffer;
    upload.unsubscribe = buffer.subscribe(() => {
      this.pump();
    });
    this.pump();
  }

  /**
   * Answers a request of the peer's with absent. These answers go out even while the channel is
   * full, so a peer that keeps asking without reading would grow our send buffer without bound:
   * more than MAX_INCOMING_REQUESTS of them between two drains is a violation (an honest peer has
   * one request open with us at a time).
   */
  private refuse(requestId: number): void {
    if (this.congested && ++this.refusedWhileCongested > MAX_INCOMING_REQUESTS) {
      this.violation(new LoaderError("protocol-violation", "asks faster than it reads"));
      return;
    }
    this.send({ type: "absent", requestId });
  }

  private endIncoming(requestId: number): void {
    const upload = this.incoming.get(requestId);
    if (!upload) return;
    upload.unsubscribe();
    upload.release();
    this.incoming.delete(requestId);
  }

  /** Sends what the open uploads have ready, one chunk each in turn, until the channel is full. */
  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    try {
      let progressed = true;
      while (progressed && this.canSend()) {
        progressed = false;
        for (const upload of [...this.incoming.values()]) {
          if (!this.canSend()) break;
          if (this.pumpOne(upload)) progressed = true;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** A method, not a property check: sends inside the loop change these flags. */
  private canSend(): boolean {
    return !this.congested && !this.closed;
  }

  /**
   * Whether the upload bandwidth cap lets a data message of `bytes` go now (they are then
   * counted); if not, the pump runs again when it will.
   */
  private paced(bytes: number): boolean {
    const wait = this.context.uploads?.take(bytes) ?? 0;
    if (wait === 0) return true;
    this.paceTimer ??= this.context.clock.setTimeout(() => {
      this.paceTimer = undefined;
      this.pump();
    }, wait);
    return false;
  }

  /** Moves one upload forward by at most one message; true if something was sent. */
  private pumpOne(upload: IncomingRequest): boolean {
    const buffer = upload.buffer;
    if (!buffer) return false;
    if (buffer.state === "failed") {
      this.endIncoming(upload.requestId);
      this.send({ type: "absent", requestId: upload.requestId });
      return true;
    }
    const totalSize = buffer.totalSize;
    if (totalSize === undefined) return false;
    if (!upload.headerSent) {
      if (upload.sent > totalSize) {
        this.endIncoming(upload.requestId);
        this.send({ type: "absent", requestId: upload.requestId });
        return true;
      }
      upload.headerSent = true;
      this.send({ type: "response", requestId: upload.requestId, totalSize });
      // The channel asked us to wait: the data follows on drain.
      if (!this.canSend()) return true;
    }
    if (upload.sent >= totalSize) {
      this.endIncoming(upload.requestId);
      return true;
    }
    const chunk = buffer.read(upload.sent, this.context.maxMessageSize() - DATA_HEADER_BYTES);
    if (chunk.byteLength === 0) return false;
    if (!this.paced(chunk.byteLength)) return false;
    upload.sent += chunk.byteLength;
    if (upload.sent >= totalSize) this.endIncoming(upload.requestId);
    this.send({ type: "data", requestId: upload.requestId, bytes: chunk });
    this.lastExchangeAt = this.context.clock.now();
    this.context.onUploaded(this, chunk.byteLength);
    return true;
  }
}
