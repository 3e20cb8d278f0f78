import { Events } from "../events.js";
import type { HybridLoader } from "../hybrid-loader.js";
import type { HttpRequest } from "../http/http-client.js";
import { decode, type WireMessage } from "../p2p/wire.js";
import type { Segment } from "../segment.js";
import type { PeerConnection } from "../transport/transport.js";
import { withPriorities, type LoaderRig } from "./loader-rig.js";
import { settle } from "./manual-clock.js";

/** One HTTP request the origin saw, with the clock time it was made. */
export interface TimedRequest {
  url: string;
  range: string | undefined;
  at: number;
}

/**
 * Watches the rig's origin: when each request was made and how many body bytes each URL delivered
 * (so a test can see an aborted download stop). URLs in `stalled` deliver their first chunk and
 * then nothing until aborted, like an origin that hangs mid-body.
 */
export class HttpProbe {
  readonly requests: TimedRequest[] = [];
  readonly delivered = new Map<string, number>();
  readonly stalled = new Set<string>();

  constructor(private readonly rig: LoaderRig) {
    const http = rig.http;
    const original = http.request.bind(http);
    http.request = (request: HttpRequest) => {
      this.requests.push({ url: request.url, range: request.range, at: rig.clock.now() });
      const counted: HttpRequest = {
        ...request,
        onChunk: (bytes) => {
          this.delivered.set(
            request.url,
            (this.delivered.get(request.url) ?? 0) + bytes.byteLength,
          );
          request.onChunk(bytes);
        },
      };
      return this.stalled.has(request.url) ? this.stall(counted) : original(counted);
    };
  }

  requestsFor(url: string): TimedRequest[] {
    return this.requests.filter((request) => request.url === url);
  }

  bytesFor(url: string): number {
    return this.delivered.get(url) ?? 0;
  }

  private async stall(request: HttpRequest): Promise<void> {
    const resource = this.rig.http.resources.get(request.url);
    if (!resource) throw new Error(`no resource for ${request.url}`);
    await new Promise<void>((resolve) => this.rig.clock.setTimeout(resolve, 1));
    request.onResponse({
      status: 200,
      length: resource.bytes.byteLength,
      rangeTotal: undefined,
      responseUrl: request.url,
    });
    request.onChunk(resource.bytes.subarray(0, 16 * 1024));
    await new Promise<void>((_, reject) => {
      request.signal.addEventListener("abort", () => {
        reject(new Error("aborted"));
      });
    });
  }
}

export interface LoadedRecord {
  id: string;
  peerId: string | undefined;
  at: number;
  data: Uint8Array;
}

export interface ErrorRecord {
  id: string;
  error: unknown;
  peerId: string | undefined;
  at: number;
}

/** Everything one loader emits, with the clock time of each event. */
export class EventLog {
  readonly loaded: LoadedRecord[] = [];
  readonly errors: ErrorRecord[] = [];
  readonly aborts: { segment: Segment; at: number }[] = [];
  readonly connects: string[] = [];
  readonly closes: string[] = [];
  readonly downloaded: { method: string; bytes: number; peerId: string | undefined; at: number }[] =
    [];
  readonly uploaded: { bytes: number; peerId: string; at: number }[] = [];

  constructor(loader: HybridLoader, rig: LoaderRig) {
    const now = () => rig.clock.now();
    loader.on(Events.SegmentLoaded, (segment, peerId) => {
      this.loaded.push({
        id: segment.id,
        peerId,
        at: now(),
        data: new Uint8Array(segment.data ?? new ArrayBuffer(0)),
      });
    });
    loader.on(Events.SegmentError, (segment, error, peerId) => {
      this.errors.push({ id: segment.id, error, peerId, at: now() });
    });
    loader.on(Events.SegmentAbort, (segment) => {
      this.aborts.push({ segment, at: now() });
    });
    loader.on(Events.PeerConnect, (peer) => {
      this.connects.push(peer.id);
    });
    loader.on(Events.PeerClose, (peerId) => {
      this.closes.push(peerId);
    });
    loader.on(Events.PieceBytesDownloaded, (method, bytes, peerId) => {
      this.downloaded.push({ method, bytes, peerId, at: now() });
    });
    loader.on(Events.PieceBytesUploaded, (_method, bytes, peerId) => {
      this.uploaded.push({ bytes, peerId, at: now() });
    });
  }

  loadedIds(): string[] {
    return this.loaded.map((record) => record.id).sort();
  }

  loadedOf(id: string): LoadedRecord | undefined {
    return this.loaded.find((record) => record.id === id);
  }
}

/**
 * Waits, without moving the clock, until each loader has joined its swarm `times` times in all.
 * Joining hashes the swarm id with crypto.subtle, which completes in real time on another thread:
 * a single settle() is not always enough, and a join that lands during a later advance() would
 * happen at an arbitrary virtual time.
 */
export async function untilJoined(rig: LoaderRig, loaders: HybridLoader[], times = 1) {
  const done = () =>
    loaders.every(
      (loader) =>
        rig.network.joined.filter((id) => id === loader.getDetails().peerId).length >= times,
    );
  for (let attempt = 0; attempt < 1000 && !done(); attempt++) await settle();
  if (!done()) throw new Error("loaders did not join their swarm");
}

/**
 * "equal", or where two byte arrays differ. Much faster than toEqual on large arrays, and the
 * failure message still says what is wrong: `expect(byteDiff(a, b)).toBe("equal")`.
 */
export function byteDiff(actual: Uint8Array | ArrayBuffer | undefined, expected: Uint8Array) {
  if (actual === undefined) return "no data";
  const bytes = actual instanceof Uint8Array ? actual : new Uint8Array(actual);
  if (bytes.byteLength !== expected.byteLength) {
    return `length ${String(bytes.byteLength)}, expected ${String(expected.byteLength)}`;
  }
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(expected)) {
    return "equal";
  }
  const at = bytes.findIndex((byte, index) => byte !== expected[index]);
  return `first difference at byte ${String(at)}`;
}

/**
 * Records every wire message each loader receives, by receiving peer id. Install it before the
 * loaders are created (each loader takes its transport from the network when it is made).
 */
export class WireTap {
  private readonly log = new Map<string, { from: string; message: WireMessage }[]>();

  constructor(rig: LoaderRig) {
    const network = rig.network;
    const original = network.transport.bind(network);
    network.transport = () => {
      const transport = original();
      return {
        isSupported: () => transport.isSupported(),
        join: (options, events) =>
          transport.join(options, {
            ...events,
            onConnection: (connection) => {
              events.onConnection(this.wrap(options.peerId, connection));
            },
          }),
      };
    };
  }

  /** What `peerId` received, optionally only from `from`. */
  receivedBy(peerId: string, from?: string): WireMessage[] {
    return (this.log.get(peerId) ?? [])
      .filter((entry) => from === undefined || entry.from === from)
      .map((entry) => entry.message);
  }

  private wrap(local: string, connection: PeerConnection): PeerConnection {
    const record = (bytes: Uint8Array) => {
      const result = decode(bytes, Number.MAX_SAFE_INTEGER);
      if (!result.ok) return;
      let list = this.log.get(local);
      if (!list) {
        list = [];
        this.log.set(local, list);
      }
      list.push({ from: connection.remotePeerId, message: result.message });
    };
    return {
      remotePeerId: connection.remotePeerId,
      remoteAddress: connection.remoteAddress,
      initiator: connection.initiator,
      setHandlers: (handlers) => {
        connection.setHandlers({
          ...handlers,
          onMessage: (bytes) => {
            record(bytes);
            handlers.onMessage(bytes);
          },
        });
      },
      send: (bytes) => connection.send(bytes),
      close: () => {
        connection.close();
      },
    };
  }
}

/** One segment of `size` bytes, held by a loader that fetched it and joined the swarm "swarm". */
/** Joins `loader` to "swarm" with nothing queued, and lets its peers connect (100 ms). */
export async function joinIdle(rig: LoaderRig, loader: HybridLoader): Promise<void> {
  loader.load([], "swarm");
  await untilJoined(rig, [loader]);
  await rig.clock.advance(100);
}

export async function seedOne(rig: LoaderRig, size: number) {
  const [segment] = rig.segments(1, size);
  if (!segment) throw new Error("no segment");
  const seeder = rig.loader();
  seeder.load(withPriorities([segment]), "swarm");
  await untilJoined(rig, [seeder]);
  return { segment, seeder };
}
