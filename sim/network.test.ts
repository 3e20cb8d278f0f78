import { describe, expect, it } from "vitest";
import { ManualClock } from "../core/testing/manual-clock.js";
import type { PeerConnection, PeerConnectionHandlers } from "../core/transport/transport.js";
import { BookedLink, FairLink, Flow } from "./link.js";
import { SimHost, SimNetwork } from "./network.js";

describe("BookedLink", () => {
  it("never carries bytes faster than its rate, however many transfers book it", () => {
    const link = new BookedLink(10); // 10 bytes per ms
    const ends = [0, 0, 5, 5].map((readyAt) => link.book(readyAt, 100));
    expect(ends).toEqual([10, 20, 30, 40]);
    expect(link.book(100, 50)).toBe(105); // idle until the bytes are ready
    expect(link.carried).toBe(450);
  });
});

describe("FairLink", () => {
  it("shares its rate between busy flows, and lets free packets pass without a turn", async () => {
    const clock = new ManualClock();
    const link = new FairLink(clock, 10); // 10 bytes per ms
    const finished: Record<string, number> = {};
    const flows = { a: new Flow(), b: new Flow() };
    for (const [name, flow] of Object.entries(flows)) {
      for (let packet = 0; packet < 10; packet++) {
        link.send(flow, 100, () => {
          finished[name] = clock.now();
        });
      }
    }
    let control: number | undefined;
    const idle = new Flow();
    link.send(idle, 0, () => (control = clock.now()));
    expect(control).toBe(0); // nothing of its own flow ahead of it
    await clock.advance(10_000);
    // 2 x 1000 bytes at 10 bytes/ms: the last byte leaves at 200 ms, not before. The flows take
    // turns packet by packet (a's first went alone), so neither is done near 100 ms, as it
    // would be alone.
    expect(Math.max(finished.a ?? 0, finished.b ?? 0)).toBeCloseTo(200);
    expect(Math.min(finished.a ?? 0, finished.b ?? 0)).toBeCloseTo(180);
    expect(link.carried).toBe(2000);
  });
});

const quiet: PeerConnectionHandlers = {
  onMessage: () => undefined,
  onDrain: () => undefined,
  onClose: () => undefined,
};

async function pair(options: { up: number; down: number; latency: number; hwm?: number }) {
  const clock = new ManualClock();
  const network = new SimNetwork(clock, { highWaterMark: options.hwm ?? 1000 });
  const host = (name: string) =>
    new SimHost(name, clock, {
      upBytesPerMs: options.up,
      downBytesPerMs: options.down,
      latencyMs: options.latency,
    });
  const connections: PeerConnection[] = [];
  network.connect(
    { host: host("a"), peerId: "a".repeat(40), accept: (c) => connections.push(c) },
    { host: host("b"), peerId: "b".repeat(40), accept: (c) => connections.push(c) },
    0,
  );
  await clock.advance(1000);
  const [a, b] = connections;
  if (!a || !b) throw new Error("not connected");
  return { clock, a, b };
}

describe("SimNetwork", () => {
  it("delivers in order, no sooner than size / the slower link plus both latencies", async () => {
    const { clock, a, b } = await pair({ up: 5, down: 20, latency: 10, hwm: 1e9 });
    const received: { at: number; first: number }[] = [];
    b.setHandlers({
      ...quiet,
      onMessage: (bytes) => received.push({ at: clock.now(), first: bytes[0] ?? -1 }),
    });
    const start = clock.now();
    for (let index = 0; index < 10; index++) a.send(new Uint8Array(500).fill(index));
    await clock.advance(10_000);
    expect(received.map((message) => message.first)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // 5000 bytes through a 5 bytes/ms uplink take 1000 ms; 20 ms of latency; the last message
    // then takes 500 / 20 ms on the downlink.
    expect((received[9]?.at ?? 0) - start).toBeCloseTo(1000 + 20 + 25);
    expect((received[0]?.at ?? 0) - start).toBeCloseTo(100 + 20 + 25);
  });

  it("asks the sender to wait past the high-water mark and drains as the uplink empties", async () => {
    const { clock, a } = await pair({ up: 1, down: 100, latency: 5 });
    const drains: number[] = [];
    a.setHandlers({ ...quiet, onDrain: () => drains.push(clock.now()) });
    const start = clock.now();
    expect(a.send(new Uint8Array(600))).toBe(true);
    expect(a.send(new Uint8Array(600))).toBe(false);
    await clock.advance(5000);
    // Back to 600 bytes buffered once the first message has left, 600 ms later.
    expect(drains.map((at) => at - start)).toEqual([600]);
  });

  it("shares a downlink: two senders to one receiver get no more than its rate together", async () => {
    const clock = new ManualClock();
    const network = new SimNetwork(clock, { highWaterMark: 1e9 });
    const fast = () =>
      new SimHost("s", clock, { upBytesPerMs: 100, downBytesPerMs: 100, latencyMs: 1 });
    const sink = new SimHost("r", clock, { upBytesPerMs: 100, downBytesPerMs: 10, latencyMs: 1 });
    const senders: PeerConnection[] = [];
    let received = 0;
    let lastAt = 0;
    for (const name of ["x", "y"]) {
      network.connect(
        { host: fast(), peerId: name.repeat(40), accept: (c) => senders.push(c) },
        {
          host: sink,
          peerId: "r".repeat(40),
          accept: (c) => {
            c.setHandlers({
              ...quiet,
              onMessage: (bytes) => {
                received += bytes.byteLength;
                lastAt = clock.now();
              },
            });
          },
        },
        0,
      );
    }
    await clock.advance(100);
    const start = clock.now();
    for (const sender of senders) for (let i = 0; i < 10; i++) sender.send(new Uint8Array(100));
    await clock.advance(10_000);
    expect(received).toBe(2000);
    expect(lastAt - start).toBeGreaterThanOrEqual(2000 / 10);
  });

  it("closes the other side after the latency; nothing arrives after that", async () => {
    const { clock, a, b } = await pair({ up: 1, down: 100, latency: 5 });
    let received = 0;
    let closed = 0;
    b.setHandlers({ ...quiet, onMessage: () => received++, onClose: () => closed++ });
    a.setHandlers(quiet);
    a.send(new Uint8Array(1000)); // takes a second to leave: the close overtakes it
    a.close();
    await clock.advance(5000);
    expect(closed).toBe(1);
    expect(received).toBe(0);
  });
});
