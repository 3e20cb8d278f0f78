import { describe, expect, it } from "vitest";
import { LoaderError, type LoaderErrorCode } from "../errors.js";
import { SegmentBuffer } from "../segment-buffer.js";
import { ManualClock } from "../testing/manual-clock.js";
import type { PeerConnection, PeerConnectionHandlers } from "../transport/transport.js";
import {
  HANDSHAKE_TIMEOUT_MS,
  MAX_INCOMING_REQUESTS,
  MAX_REMOTE_SEGMENTS,
  MIN_SPEED_WINDOW_MS,
  PeerSession,
  type RequestHandlers,
  type RequestTimeouts,
} from "./peer-session.js";
import {
  DATA_HEADER_BYTES,
  decode,
  DIGEST_BYTES,
  encode,
  MAX_MAP_ENTRIES,
  PROTOCOL_VERSION,
  SegmentStatus,
  type WireMessage,
} from "./wire.js";

/** A PeerConnection that records what the session sends and lets the test play the peer. */
class FakeConnection implements PeerConnection {
  readonly remotePeerId = "b".repeat(40);
  readonly remoteAddress = "fake";
  readonly initiator = true;
  readonly raw: Uint8Array[] = [];
  /** What send() returns: false asks the session to wait for onDrain. */
  accept = true;
  closed = false;
  private handlers: PeerConnectionHandlers | undefined;

  setHandlers(handlers: PeerConnectionHandlers): void {
    this.handlers = handlers;
  }

  send(bytes: Uint8Array): boolean {
    this.raw.push(bytes.slice());
    return this.accept;
  }

  close(): void {
    this.closed = true;
  }

  get sent(): WireMessage[] {
    return this.raw.map((bytes) => {
      const result = decode(bytes, Number.MAX_SAFE_INTEGER);
      if (!result.ok) throw new Error(`session sent garbage: ${result.error.message}`);
      return result.message;
    });
  }

  sentOf<T extends WireMessage["type"]>(type: T): (WireMessage & { type: T })[] {
    return this.sent.filter((message): message is WireMessage & { type: T } => {
      return message.type === type;
    });
  }

  feed(message: WireMessage): void {
    this.feedRaw(encode(message));
  }

  feedRaw(bytes: Uint8Array): void {
    this.handlers?.onMessage(bytes);
  }

  drain(): void {
    this.handlers?.onDrain();
  }
}

interface Options {
  consumeOnly?: boolean;
  maxMessageSize?: number;
  serve?: (id: string) => SegmentBuffer | undefined;
}

function setup(options: Options = {}) {
  const clock = new ManualClock();
  const connection = new FakeConnection();
  const violations: LoaderErrorCode[] = [];
  const served: string[] = [];
  const events = { ready: 0, closed: 0, uploaded: 0, remote: 0 };
  const session = new PeerSession(connection, {
    clock,
    maxMessageSize: () => options.maxMessageSize ?? 64 * 1024 - 1,
    consumeOnly: () => options.consumeOnly ?? false,
    serve: (id) => {
      served.push(id);
      return Promise.resolve(options.serve?.(id));
    },
    onReady: () => {
      events.ready++;
    },
    onRemoteStatus: () => {
      events.remote++;
    },
    onRemoteMap: () => {
      events.remote++;
    },
    onUploaded: (_session, bytes) => {
      events.uploaded += bytes;
    },
    onViolation: (_session, error) => {
      violations.push(error.code);
    },
    onClose: () => {
      events.closed++;
    },
  });
  const handshake = () => {
    connection.feed({ type: "handshake", version: PROTOCOL_VERSION, consumeOnly: false });
  };
  return { clock, connection, session, violations, served, events, handshake };
}

type Ready = ReturnType<typeof setup>;

/** Records what a request's handlers were told. */
function recorder() {
  const log = { sizes: [] as number[], bytes: [] as Uint8Array[], completed: 0, failures: [] };
  const failures: LoaderErrorCode[] = log.failures;
  const handlers: RequestHandlers = {
    onResponse: (size) => log.sizes.push(size),
    onData: (bytes) => log.bytes.push(bytes.slice()),
    onComplete: () => {
      log.completed++;
    },
    onFail: (error) => failures.push(error.code),
  };
  return { log, failures, handlers };
}

const pattern = (size: number, seed = 0) =>
  new Uint8Array(size).map((_, index) => (index * 13 + seed) & 0xff);

function expectViolation(ready: Ready, code: LoaderErrorCode = "protocol-violation") {
  expect(ready.violations).toEqual([code]);
  expect(ready.connection.closed).toBe(true);
  expect(ready.events.closed).toBe(1);
  expect(ready.session.isReady).toBe(false);
}

/** A ready session with one outgoing request (id "seg", from `offset`). */
function withRequest(
  offset = 0,
  timeouts: RequestTimeouts = { firstBytes: 10_000, inactivity: 10_000 },
) {
  const ready = setup();
  ready.handshake();
  const request = recorder();
  const cancel = ready.session.request("seg", offset, timeouts, request.handlers);
  const [sent] = ready.connection.sentOf("request");
  if (!sent) throw new Error("no request sent");
  return { ...ready, ...request, cancel, requestId: sent.requestId };
}

describe("PeerSession handshake", () => {
  it("sends its handshake at once and becomes ready on the peer's", () => {
    const ready = setup({ consumeOnly: true });
    expect(ready.connection.sent).toEqual([
      { type: "handshake", version: PROTOCOL_VERSION, consumeOnly: true },
    ]);
    expect(ready.session.isReady).toBe(false);
    ready.handshake();
    expect(ready.session.isReady).toBe(true);
    expect(ready.events.ready).toBe(1);
    expect(ready.violations).toEqual([]);
  });

  it("closes a peer that does not answer within HANDSHAKE_TIMEOUT_MS and reports it", async () => {
    const ready = setup();
    await ready.clock.advance(HANDSHAKE_TIMEOUT_MS - 1);
    expect(ready.connection.closed).toBe(false);
    await ready.clock.advance(1);
    expectViolation(ready, "peer-timeout");
    expect(ready.events.ready).toBe(0);
  });

  it("does not time out once the handshake is done", async () => {
    const ready = setup();
    ready.handshake();
    await ready.clock.advance(HANDSHAKE_TIMEOUT_MS * 3);
    expect(ready.violations).toEqual([]);
    expect(ready.session.isReady).toBe(true);
  });

  it("treats another protocol version as a violation", () => {
    const ready = setup();
    ready.connection.feed({ type: "handshake", version: PROTOCOL_VERSION + 1, consumeOnly: false });
    expectViolation(ready);
    expect(ready.events.ready).toBe(0);
  });

  it("treats any message before the handshake as a violation", () => {
    const ready = setup();
    ready.connection.feed({ type: "segments-map", entries: [] });
    expectViolation(ready);
    expect(ready.events.remote).toBe(0);
  });

  it("treats a second handshake as a violation", () => {
    const ready = setup();
    ready.handshake();
    ready.handshake();
    expectViolation(ready);
  });

  it("treats bytes that are not a message as a violation", () => {
    const ready = setup();
    ready.handshake();
    ready.connection.feedRaw(new Uint8Array([0xee, 1, 2, 3]));
    expectViolation(ready);
  });

  it("treats an empty message as a violation, even before the handshake", () => {
    const ready = setup();
    ready.connection.feedRaw(new Uint8Array(0));
    expectViolation(ready);
  });
});

describe("PeerSession replies to our requests", () => {
  it("delivers a response and its data, then completes", () => {
    const ready = withRequest(100);
    expect(ready.connection.sentOf("request")).toEqual([
      { type: "request", requestId: ready.requestId, id: "seg", offset: 100 },
    ]);
    expect(ready.session.activeDownloads).toBe(1);
    const bytes = pattern(400);
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 500 });
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: bytes.slice(0, 150) });
    expect(ready.log.completed).toBe(0);
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: bytes.slice(150) });
    expect(ready.log.sizes).toEqual([500]);
    expect(ready.log.bytes.map((chunk) => chunk.byteLength)).toEqual([150, 250]);
    expect(ready.log.completed).toBe(1);
    expect(ready.failures).toEqual([]);
    expect(ready.violations).toEqual([]);
    expect(ready.session.activeDownloads).toBe(0);
    expect(ready.session.throughput).toBeGreaterThan(0);
  });

  it("fails the request with peer-absent when the peer says absent", () => {
    const ready = withRequest();
    ready.connection.feed({ type: "absent", requestId: ready.requestId });
    expect(ready.failures).toEqual(["peer-absent"]);
    expect(ready.violations).toEqual([]);
    expect(ready.session.isReady).toBe(true);
  });

  it("treats data before the response as a violation", () => {
    const ready = withRequest();
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(10) });
    expectViolation(ready);
    expect(ready.log.bytes).toEqual([]);
    expect(ready.failures).toEqual(["peer-closed"]);
  });

  it("treats data beyond the total size as a violation", () => {
    const ready = withRequest();
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 100 });
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(60) });
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(41) });
    expectViolation(ready);
    expect(ready.log.bytes.map((chunk) => chunk.byteLength)).toEqual([60]);
    expect(ready.log.completed).toBe(0);
  });

  it("treats a total size smaller than the requested offset as a violation", () => {
    const ready = withRequest(1000);
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 999 });
    expectViolation(ready);
    expect(ready.log.sizes).toEqual([]);
  });

  it("treats a second response as a violation", () => {
    const ready = withRequest();
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 100 });
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 100 });
    expectViolation(ready);
    expect(ready.log.sizes).toEqual([100]);
  });

  it("treats a reply to a request never made as a violation", () => {
    const ready = withRequest();
    ready.connection.feed({ type: "data", requestId: ready.requestId + 7, bytes: pattern(10) });
    expectViolation(ready);
  });

  it("ignores late replies to a request it cancelled", async () => {
    const ready = withRequest();
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 100 });
    ready.cancel();
    expect(ready.connection.sentOf("cancel")).toEqual([
      { type: "cancel", requestId: ready.requestId },
    ]);
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(10) });
    ready.connection.feed({ type: "absent", requestId: ready.requestId });
    await ready.clock.advance(5000);
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(10) });
    expect(ready.violations).toEqual([]);
    expect(ready.session.isReady).toBe(true);
    expect(ready.log.bytes).toEqual([]);
    expect(ready.failures).toEqual([]);
    // Long after the cancel, a reply is no longer excused.
    await ready.clock.advance(10_000);
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(10) });
    expectViolation(ready);
  });

  it("fails the request with peer-timeout and cancels it when no bytes come in time", async () => {
    const ready = withRequest(0, { firstBytes: 1000, inactivity: 300 });
    await ready.clock.advance(999);
    expect(ready.failures).toEqual([]);
    expect(ready.connection.sentOf("cancel")).toEqual([]);
    await ready.clock.advance(1);
    expect(ready.failures).toEqual(["peer-timeout"]);
    expect(ready.connection.sentOf("cancel")).toEqual([
      { type: "cancel", requestId: ready.requestId },
    ]);
    expect(ready.session.activeDownloads).toBe(0);
    // Its data may still be on the way: not a violation.
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 100 });
    expect(ready.violations).toEqual([]);
  });

  it("fails the request with peer-timeout when the data stops for the inactivity timeout", async () => {
    const ready = withRequest(0, { firstBytes: 1000, inactivity: 300 });
    await ready.clock.advance(900);
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 100 });
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(10) });
    // The first bytes came: the inactivity timeout now applies, from each chunk.
    await ready.clock.advance(299);
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(10) });
    await ready.clock.advance(299);
    expect(ready.failures).toEqual([]);
    await ready.clock.advance(1);
    expect(ready.failures).toEqual(["peer-timeout"]);
    expect(ready.connection.sentOf("cancel")).toEqual([
      { type: "cancel", requestId: ready.requestId },
    ]);
    expect(ready.log.completed).toBe(0);
  });
});

describe("PeerSession minimum download speed", () => {
  // 1000 bytes/s: 5000 bytes per MIN_SPEED_WINDOW_MS window.
  const timeouts = { firstBytes: 10_000, inactivity: 2000, minSpeed: 1000 };
  const perWindow = (timeouts.minSpeed * MIN_SPEED_WINDOW_MS) / 1000;

  /** Sends `chunk` bytes every `everyMs` for `ms` of the clock. */
  async function drip(
    ready: ReturnType<typeof withRequest>,
    chunk: number,
    everyMs: number,
    ms: number,
  ) {
    for (let elapsed = 0; elapsed < ms; elapsed += everyMs) {
      ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(chunk) });
      await ready.clock.advance(everyMs);
    }
  }

  it("fails a drip-feed with peer-too-slow one window after its first bytes, and cancels it", async () => {
    const ready = withRequest(0, timeouts);
    // The start is the first-bytes timeout's business: no window runs before data.
    await ready.clock.advance(5000);
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 1_000_000 });
    // Ten bytes a second: every chunk well within the inactivity timeout.
    await drip(ready, 10, 1000, MIN_SPEED_WINDOW_MS - 1000);
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(10) });
    await ready.clock.advance(999);
    expect(ready.failures).toEqual([]);
    await ready.clock.advance(1);
    expect(ready.failures).toEqual(["peer-too-slow"]);
    expect(ready.connection.sentOf("cancel")).toEqual([
      { type: "cancel", requestId: ready.requestId },
    ]);
    expect(ready.session.activeDownloads).toBe(0);
    // Slow is not a violation: late data is excused and the session stays open.
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(10) });
    expect(ready.violations).toEqual([]);
    expect(ready.session.isReady).toBe(true);
  });

  it("keeps a transfer that sends the minimum in every window", async () => {
    const ready = withRequest(0, timeouts);
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 100_000 });
    // Exactly the minimum: perWindow bytes per window, as five chunks a second apart.
    await drip(ready, perWindow / 5, 1000, 4 * MIN_SPEED_WINDOW_MS);
    expect(ready.failures).toEqual([]);
    expect(ready.log.bytes).toHaveLength(20);
  });

  it("asks only for what is left in the last window", async () => {
    const ready = withRequest(0, { ...timeouts, inactivity: 60_000 });
    const total = perWindow + 300;
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: total });
    await drip(ready, perWindow / 5, 1000, MIN_SPEED_WINDOW_MS);
    // 300 bytes were left: sending 200 of them in a window is too slow, 300 completes.
    ready.connection.feed({ type: "data", requestId: ready.requestId, bytes: pattern(200) });
    await ready.clock.advance(MIN_SPEED_WINDOW_MS - 1);
    expect(ready.failures).toEqual([]);
    await ready.clock.advance(1);
    expect(ready.failures).toEqual(["peer-too-slow"]);
  });

  it("has no minimum when minSpeed is 0", async () => {
    const ready = withRequest(0, { ...timeouts, minSpeed: 0 });
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 1_000_000 });
    await drip(ready, 1, 1000, 6 * MIN_SPEED_WINDOW_MS);
    expect(ready.failures).toEqual([]);
  });

  it("a response without data still times out on the first-bytes timeout", async () => {
    const ready = withRequest(0, timeouts);
    ready.connection.feed({ type: "response", requestId: ready.requestId, totalSize: 1000 });
    await ready.clock.advance(timeouts.firstBytes - 1);
    expect(ready.failures).toEqual([]);
    await ready.clock.advance(1);
    expect(ready.failures).toEqual(["peer-timeout"]);
  });
});

describe("PeerSession bounds what it keeps of the peer's map", () => {
  const statuses = (ready: Ready) => [...ready.session.remoteEntries()];

  it("keeps MAX_REMOTE_SEGMENTS ids, the newest, through a flood of 300,000 statuses", () => {
    const ready = setup();
    ready.handshake();
    for (let index = 0; index < 300_000; index++) {
      ready.connection.feed({
        type: "status",
        id: `f${String(index)}`,
        status: SegmentStatus.Loaded,
      });
    }
    expect(ready.session.remoteSegmentCount).toBe(MAX_REMOTE_SEGMENTS);
    expect(ready.session.statusOf("f299999")).toBe(SegmentStatus.Loaded);
    expect(ready.session.statusOf(`f${String(300_000 - MAX_REMOTE_SEGMENTS)}`)).toBe(
      SegmentStatus.Loaded,
    );
    expect(ready.session.statusOf(`f${String(300_000 - MAX_REMOTE_SEGMENTS - 1)}`)).toBeUndefined();
    expect(ready.session.isReady).toBe(true);
    expect(ready.violations).toEqual([]);
  }, 30_000);

  it("remembers a peer's digests, the latest per id, the newest MAX_REMOTE_SEGMENTS ids", () => {
    const ready = setup();
    ready.handshake();
    const digest = (value: number) => new Uint8Array(DIGEST_BYTES).fill(value);
    ready.connection.feed({ type: "digest", id: "s1", sha256: digest(1) });
    ready.connection.feed({ type: "digest", id: "s1", sha256: digest(2) });
    expect(ready.session.digestOf("s1")).toEqual(digest(2));
    for (let index = 0; index < 3 * MAX_REMOTE_SEGMENTS; index++) {
      ready.connection.feed({ type: "digest", id: `d${String(index)}`, sha256: digest(3) });
    }
    expect(ready.session.digestOf("s1")).toBeUndefined();
    expect(ready.session.digestOf(`d${String(3 * MAX_REMOTE_SEGMENTS - 1)}`)).toEqual(digest(3));
    expect(ready.session.digestOf(`d${String(2 * MAX_REMOTE_SEGMENTS - 1)}`)).toBeUndefined();
    expect(ready.violations).toEqual([]);
  });

  it("forgets a digest when the peer no longer holds its segment (gone, or left out of a map)", () => {
    const ready = setup();
    ready.handshake();
    const digest = new Uint8Array(DIGEST_BYTES).fill(7);
    for (const id of ["a", "b", "c"]) {
      ready.connection.feed({ type: "status", id, status: SegmentStatus.Loaded });
      ready.connection.feed({ type: "digest", id, sha256: digest });
    }
    ready.connection.feed({ type: "status", id: "a", status: SegmentStatus.Gone });
    expect(ready.session.digestOf("a")).toBeUndefined();
    ready.connection.feed({
      type: "segments-map",
      entries: [{ id: "c", status: SegmentStatus.Loaded }],
    });
    expect(ready.session.digestOf("b")).toBeUndefined();
    expect(ready.session.digestOf("c")).toEqual(digest);
  });

  it("a status for a known id makes it the newest; gone forgets it", () => {
    const ready = setup();
    ready.handshake();
    for (let index = 0; index < MAX_REMOTE_SEGMENTS; index++) {
      ready.connection.feed({
        type: "status",
        id: `s${String(index)}`,
        status: SegmentStatus.Loading,
      });
    }
    ready.connection.feed({ type: "status", id: "s0", status: SegmentStatus.Loaded });
    ready.connection.feed({ type: "status", id: "s5", status: SegmentStatus.Gone });
    ready.connection.feed({ type: "status", id: "new", status: SegmentStatus.Loading });
    ready.connection.feed({ type: "status", id: "newer", status: SegmentStatus.Loading });
    expect(ready.session.remoteSegmentCount).toBe(MAX_REMOTE_SEGMENTS);
    expect(ready.session.statusOf("s0")).toBe(SegmentStatus.Loaded);
    expect(ready.session.statusOf("s1")).toBeUndefined();
    expect(ready.session.statusOf("s2")).toBe(SegmentStatus.Loading);
    expect(ready.session.statusOf("s5")).toBeUndefined();
    expect(statuses(ready).at(-1)).toEqual(["newer", SegmentStatus.Loading]);
  });

  it("keeps the head of an oversized map (the sender lists arriving, then newest, first)", () => {
    const ready = setup({ maxMessageSize: 256 * 1024 });
    ready.handshake();
    // The most the wire allows, with long ids: about 200 kB in one message.
    const id = (index: number) => `${String(index).padStart(6, "0")}-${"x".repeat(90)}`;
    const entries = Array.from({ length: MAX_MAP_ENTRIES }, (_, index) => ({
      id: id(index),
      status: SegmentStatus.Loaded as const,
    }));
    ready.connection.feed({ type: "segments-map", entries });
    expect(ready.session.remoteSegmentCount).toBe(MAX_REMOTE_SEGMENTS);
    expect(ready.session.statusOf(id(0))).toBe(SegmentStatus.Loaded);
    expect(ready.session.statusOf(id(MAX_REMOTE_SEGMENTS - 1))).toBe(SegmentStatus.Loaded);
    expect(ready.session.statusOf(id(MAX_REMOTE_SEGMENTS))).toBeUndefined();
    // Statuses after it stay within the cap too; a new map replaces everything.
    for (let index = 0; index < 5000; index++) {
      ready.connection.feed({
        type: "status",
        id: `f${String(index)}`,
        status: SegmentStatus.Loaded,
      });
    }
    expect(ready.session.remoteSegmentCount).toBe(MAX_REMOTE_SEGMENTS);
    ready.connection.feed({ type: "segments-map", entries: entries.slice(0, 3) });
    expect(ready.session.remoteSegmentCount).toBe(3);
    expect(ready.violations).toEqual([]);
  });

  it("treats a map with more entries than the wire allows as a violation", () => {
    const ready = setup();
    ready.handshake();
    const entries = Array.from({ length: MAX_MAP_ENTRIES + 1 }, (_, index) => ({
      id: String(index),
      status: SegmentStatus.Loaded as const,
    }));
    ready.connection.feed({ type: "segments-map", entries });
    expectViolation(ready);
    expect(ready.session.remoteSegmentCount).toBe(0);
  });
});

describe("PeerSession uploads", () => {
  const request = (ready: Ready, requestId: number, offset = 0, id = "seg") => {
    ready.connection.feed({ type: "request", requestId, id, offset });
  };

  it("answers every request with absent when consumeOnly", async () => {
    const ready = setup({
      consumeOnly: true,
      serve: () => SegmentBuffer.fromData(new ArrayBuffer(8)),
    });
    ready.handshake();
    request(ready, 1);
    request(ready, 2);
    await ready.clock.advance(0);
    expect(ready.connection.sent.slice(1)).toEqual([
      { type: "absent", requestId: 1 },
      { type: "absent", requestId: 2 },
    ]);
    expect(ready.served).toEqual([]);
    expect(ready.events.uploaded).toBe(0);
  });

  it("answers absent for a segment it cannot serve", async () => {
    const ready = setup({ serve: () => undefined });
    ready.handshake();
    request(ready, 5);
    await ready.clock.advance(0);
    expect(ready.connection.sent.slice(1)).toEqual([{ type: "absent", requestId: 5 }]);
    expect(ready.session.activeUploads).toBe(0);
  });

  it("serves at most MAX_INCOMING_REQUESTS at once and answers the rest absent", async () => {
    const buffers: SegmentBuffer[] = [];
    const ready = setup({
      serve: () => {
        const buffer = new SegmentBuffer(1_000_000);
        buffers.push(buffer);
        return buffer;
      },
    });
    ready.handshake();
    for (let requestId = 1; requestId <= MAX_INCOMING_REQUESTS + 2; requestId++) {
      request(ready, requestId, 0, `seg${String(requestId)}`);
    }
    await ready.clock.advance(0);
    expect(ready.session.activeUploads).toBe(MAX_INCOMING_REQUESTS);
    expect(ready.served).toHaveLength(MAX_INCOMING_REQUESTS);
    expect(ready.connection.sentOf("absent")).toEqual([
      { type: "absent", requestId: MAX_INCOMING_REQUESTS + 1 },
      { type: "absent", requestId: MAX_INCOMING_REQUESTS + 2 },
    ]);
    expect(ready.violations).toEqual([]);

    // One finishes; a new request is then accepted.
    buffers[0]?.setTotalSize(4);
    buffers[0]?.append(pattern(4));
    expect(ready.session.activeUploads).toBe(MAX_INCOMING_REQUESTS - 1);
    request(ready, 100, 0, "late");
    await ready.clock.advance(0);
    expect(ready.session.activeUploads).toBe(MAX_INCOMING_REQUESTS);
    expect(ready.connection.sentOf("absent")).toHaveLength(2);
  });

  it("closes a peer that keeps asking while it does not read our answers", async () => {
    const ready = setup({ serve: () => undefined });
    ready.handshake();
    ready.connection.accept = false;
    // The first absent fills the channel; then MAX_INCOMING_REQUESTS more are queued.
    for (let requestId = 1; requestId <= MAX_INCOMING_REQUESTS + 1; requestId++) {
      request(ready, requestId, 0, `seg${String(requestId)}`);
    }
    await ready.clock.advance(0);
    expect(ready.violations).toEqual([]);
    expect(ready.connection.sentOf("absent")).toHaveLength(MAX_INCOMING_REQUESTS + 1);
    // A drain shows it reads: the count starts again.
    ready.connection.drain();
    for (let requestId = 100; requestId < 100 + MAX_INCOMING_REQUESTS; requestId++) {
      request(ready, requestId);
    }
    await ready.clock.advance(0);
    expect(ready.violations).toEqual([]);
    // Then 300,000 more without reading: closed once past the bound, not 300,000 answers queued.
    for (let requestId = 1000; requestId < 301_000; requestId++) request(ready, requestId);
    await ready.clock.advance(0);
    expectViolation(ready);
    expect(ready.connection.sentOf("absent").length).toBeLessThanOrEqual(
      3 * MAX_INCOMING_REQUESTS + 1,
    );
  }, 30_000);

  it("treats a duplicate request id as a violation", async () => {
    const ready = setup({ serve: () => new SegmentBuffer(1000) });
    ready.handshake();
    request(ready, 1);
    await ready.clock.advance(0);
    request(ready, 1);
    await ready.clock.advance(0);
    expectViolation(ready);
  });

  it("streams a still-filling buffer: response once the size is known, data as it arrives", async () => {
    const maxMessageSize = 4096;
    const buffer = new SegmentBuffer(1_000_000);
    const ready = setup({ maxMessageSize, serve: () => buffer });
    ready.handshake();
    request(ready, 9, 1000);
    await ready.clock.advance(0);
    expect(ready.served).toEqual(["seg"]);
    expect(ready.connection.sent).toHaveLength(1);

    const bytes = pattern(30_000, 3);
    buffer.append(bytes.subarray(0, 500));
    expect(ready.connection.sent).toHaveLength(1);
    buffer.setTotalSize(30_000);
    expect(ready.connection.sent.slice(1)).toEqual([
      { type: "response", requestId: 9, totalSize: 30_000 },
    ]);
    buffer.append(bytes.subarray(500, 12_000));
    const midway = ready.connection.sentOf("data");
    expect(midway.reduce((sum, message) => sum + message.bytes.byteLength, 0)).toBe(11_000);
    buffer.append(bytes.subarray(12_000));

    const data = ready.connection.sentOf("data");
    expect(data.every((message) => message.requestId === 9)).toBe(true);
    const received = new Uint8Array(
      data.reduce((sum, message) => sum + message.bytes.byteLength, 0),
    );
    let at = 0;
    for (const message of data) {
      received.set(message.bytes, at);
      at += message.bytes.byteLength;
    }
    expect(received).toEqual(bytes.subarray(1000));
    expect(ready.connection.raw.every((raw) => raw.byteLength <= maxMessageSize)).toBe(true);
    expect(
      data.some((message) => message.bytes.byteLength === maxMessageSize - DATA_HEADER_BYTES),
    ).toBe(true);
    expect(ready.events.uploaded).toBe(29_000);
    expect(ready.session.activeUploads).toBe(0);
  });

  it("answers absent when the buffer it was serving fails", async () => {
    const buffer = new SegmentBuffer(1_000_000);
    const ready = setup({ serve: () => buffer });
    ready.handshake();
    request(ready, 3);
    await ready.clock.advance(0);
    buffer.setTotalSize(100);
    buffer.append(pattern(10));
    buffer.fail();
    expect(ready.connection.sent.slice(1).map((message) => message.type)).toEqual([
      "response",
      "data",
      "absent",
    ]);
    expect(ready.session.activeUploads).toBe(0);
  });

  it("sends nothing more after send() returns false, until onDrain", async () => {
    const maxMessageSize = 1024;
    const bytes = pattern(10_000, 5);
    const ready = setup({
      maxMessageSize,
      serve: () => SegmentBuffer.fromData(bytes.slice().buffer),
    });
    ready.handshake();
    ready.connection.accept = false;
    request(ready, 4);
    await ready.clock.advance(0);
    // The response was refused: nothing follows it.
    expect(ready.connection.sent.slice(1).map((message) => message.type)).toEqual(["response"]);

    for (let drains = 1; drains <= 3; drains++) {
      ready.connection.drain();
      expect(ready.connection.sentOf("data")).toHaveLength(drains);
    }
    ready.connection.accept = true;
    ready.connection.drain();
    const data = ready.connection.sentOf("data");
    expect(data.reduce((sum, message) => sum + message.bytes.byteLength, 0)).toBe(10_000);
    expect(ready.session.activeUploads).toBe(0);
  });

  it("takes turns between uploads, one message each", async () => {
    const ready = setup({
      maxMessageSize: 1029,
      serve: (id) => SegmentBuffer.fromData(pattern(3000, id.length).slice().buffer),
    });
    ready.handshake();
    // Both uploads are ready before the channel has room: then they share it.
    ready.connection.accept = false;
    request(ready, 1, 0, "a");
    request(ready, 2, 0, "bb");
    await ready.clock.advance(0);
    ready.connection.accept = true;
    ready.connection.drain();
    const order = ready.connection.sent
      .slice(1)
      .map(
        (message) => `${message.type}:${"requestId" in message ? String(message.requestId) : ""}`,
      );
    expect(order).toEqual([
      "response:1",
      "data:1",
      "response:2",
      "data:2",
      "data:1",
      "data:2",
      "data:1",
      "data:2",
    ]);
    expect(ready.events.uploaded).toBe(6000);
  });

  it("answers absent to a request starting beyond the segment's end", async () => {
    const ready = setup({ serve: () => SegmentBuffer.fromData(new ArrayBuffer(100)) });
    ready.handshake();
    request(ready, 7, 101);
    await ready.clock.advance(0);
    expect(ready.connection.sent.slice(1)).toEqual([{ type: "absent", requestId: 7 }]);
    expect(ready.violations).toEqual([]);
  });

  it("stops an upload when the peer cancels it", async () => {
    const buffer = new SegmentBuffer(1_000_000);
    const ready = setup({ serve: () => buffer });
    ready.handshake();
    request(ready, 6);
    await ready.clock.advance(0);
    buffer.setTotalSize(1000);
    buffer.append(pattern(100));
    expect(ready.connection.sentOf("data")).toHaveLength(1);
    ready.connection.feed({ type: "cancel", requestId: 6 });
    expect(ready.session.activeUploads).toBe(0);
    buffer.append(pattern(900));
    expect(ready.connection.sentOf("data")).toHaveLength(1);
    expect(ready.events.uploaded).toBe(100);
  });

  it("drops a request cancelled while its buffer was being looked up", async () => {
    const ready = setup({ serve: () => SegmentBuffer.fromData(new ArrayBuffer(100)) });
    ready.handshake();
    request(ready, 8);
    ready.connection.feed({ type: "cancel", requestId: 8 });
    await ready.clock.advance(0);
    expect(ready.connection.sent).toHaveLength(1);
    expect(ready.events.uploaded).toBe(0);
  });

  it("closes every transfer when the session closes", () => {
    const ready = withRequest();
    ready.session.close();
    expect(ready.failures).toEqual(["peer-closed"]);
    expect(ready.connection.closed).toBe(true);
    expect(ready.events.closed).toBe(1);
    expect(ready.violations).toEqual([]);
    expect(new LoaderError("peer-closed", "x").code).toBe("peer-closed");
  });
});
