import { describe, expect, it } from "vitest";
import { SegmentBuffer } from "../segment-buffer.js";
import { ManualClock } from "../testing/manual-clock.js";
import type { PeerConnection, PeerConnectionHandlers } from "../transport/transport.js";
import { PeerSession } from "./peer-session.js";
import { UploadBudget } from "./upload-budget.js";
import { DATA_HEADER_BYTES, decode, encode, PROTOCOL_VERSION, type WireMessage } from "./wire.js";

/* The engine-wide upload limits as PeerSession applies them; its own per-peer limits are in
 * peer-session.test.ts. */

class Connection implements PeerConnection {
  readonly remoteAddress = "fake";
  readonly initiator = true;
  readonly sent: WireMessage[] = [];
  private handlers: PeerConnectionHandlers | undefined;
  constructor(readonly remotePeerId: string) {}
  setHandlers(handlers: PeerConnectionHandlers): void {
    this.handlers = handlers;
  }
  send(bytes: Uint8Array): boolean {
    const result = decode(bytes, Number.MAX_SAFE_INTEGER);
    if (result.ok) this.sent.push(result.message);
    return true;
  }
  close(): void {
    this.handlers?.onClose();
  }
  feed(message: WireMessage): void {
    this.handlers?.onMessage(encode(message));
  }
  replies(type: WireMessage["type"]): WireMessage[] {
    return this.sent.filter((message) => message.type === type);
  }
}

const MESSAGE = 1024 + DATA_HEADER_BYTES;

function peer(
  clock: ManualClock,
  uploads: UploadBudget,
  name: string,
  buffer: () => SegmentBuffer,
) {
  const connection = new Connection(name.repeat(40));
  const served: string[] = [];
  const session = new PeerSession(connection, {
    clock,
    maxMessageSize: () => MESSAGE,
    consumeOnly: () => false,
    serve: (id) => {
      served.push(id);
      return Promise.resolve(buffer());
    },
    uploads,
    onReady: () => undefined,
    onRemoteStatus: () => undefined,
    onRemoteMap: () => undefined,
    onUploaded: () => undefined,
    onViolation: () => undefined,
    onClose: () => undefined,
  });
  connection.feed({ type: "handshake", version: PROTOCOL_VERSION, consumeOnly: false });
  return { connection, served, session };
}

describe("PeerSession under the engine's upload limits", () => {
  it("answers a request over the engine's concurrent uploads absent at once, without reading it", async () => {
    const clock = new ManualClock();
    const uploads = new UploadBudget(1, 0, clock);
    // A segment still arriving: the first upload stays open.
    const first = peer(clock, uploads, "b", () => new SegmentBuffer(4096));
    const second = peer(clock, uploads, "c", () => SegmentBuffer.fromData(new ArrayBuffer(2048)));
    first.connection.feed({ type: "request", requestId: 1, id: "s1", offset: 0 });
    await clock.advance(0);
    expect(uploads.uploads).toBe(1);
    second.connection.feed({ type: "request", requestId: 7, id: "s1", offset: 0 });
    await clock.advance(0);
    expect(second.connection.replies("absent")).toEqual([{ type: "absent", requestId: 7 }]);
    expect(second.served).toEqual([]);
    // The first upload ends (its peer cancels): the slot is free for the next request.
    first.connection.feed({ type: "cancel", requestId: 1 });
    expect(uploads.uploads).toBe(0);
    second.connection.feed({ type: "request", requestId: 8, id: "s1", offset: 0 });
    await clock.advance(0);
    expect(second.connection.replies("data")).toHaveLength(2);
    expect(uploads.uploads).toBe(0);
  });

  it("gives its upload slots back when the peer closes", async () => {
    const clock = new ManualClock();
    const uploads = new UploadBudget(4, 0, clock);
    const one = peer(clock, uploads, "b", () => new SegmentBuffer(4096));
    one.connection.feed({ type: "request", requestId: 1, id: "s1", offset: 0 });
    one.connection.feed({ type: "request", requestId: 2, id: "s2", offset: 0 });
    await clock.advance(0);
    expect(uploads.uploads).toBe(2);
    one.session.close();
    expect(uploads.uploads).toBe(0);
  });

  it("paces data messages to the upload cap on the clock, over all sessions", async () => {
    const clock = new ManualClock();
    // 2 KiB/s of 1 KiB messages: the bucket's two and one on credit at once, then one a half second.
    const uploads = new UploadBudget(8, 2048, clock);
    const held = () => SegmentBuffer.fromData(new ArrayBuffer(4 * 1024));
    const one = peer(clock, uploads, "b", held);
    const two = peer(clock, uploads, "c", held);
    one.connection.feed({ type: "request", requestId: 1, id: "s1", offset: 0 });
    two.connection.feed({ type: "request", requestId: 1, id: "s1", offset: 0 });
    await clock.advance(0);
    const data = () =>
      one.connection.replies("data").length + two.connection.replies("data").length;
    expect(data()).toBe(3);
    await clock.advance(499);
    expect(data()).toBe(3);
    await clock.advance(1);
    expect(data()).toBe(4);
    await clock.advance(1999);
    expect(data()).toBe(7);
    await clock.advance(1);
    expect(data()).toBe(8);
    expect(one.connection.replies("response")).toHaveLength(1);
  });
});
