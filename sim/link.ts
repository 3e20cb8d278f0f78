import type { Clock } from "../core/env.js";

/**
 * A downlink (or any bottleneck where first come, first served is good enough): a transfer
 * books the link from when its bytes are ready; the booking starts once the link is free and
 * lasts cost / rate, so bookings never overlap and nothing, alone or together, goes faster
 * than the rate. Booking instead of timing every packet keeps a message to one timer.
 */
export class BookedLink {
  private freeAt = 0;
  /** Bytes carried (booked) so far. */
  carried = 0;

  constructor(readonly bytesPerMs: number) {}

  /** Books the link for `cost` bytes that are ready at `readyAt`; returns when the last leaves. */
  book(readyAt: number, cost: number): number {
    const start = Math.max(readyAt, this.freeAt);
    const end = start + cost / this.bytesPerMs;
    this.freeAt = end;
    this.carried += cost;
    return end;
  }
}

interface Packet {
  cost: number;
  done: () => void;
}

/** One flow's FIFO at a FairLink (a data channel's outgoing side). */
export class Flow {
  readonly packets: Packet[] = [];
  head = 0;
  inRing = false;
  /** One of its packets is on the link now. */
  sending = false;
  closed = false;

  get pending(): number {
    return this.packets.length - this.head;
  }

  shift(): Packet | undefined {
    const packet = this.packets[this.head++];
    if (this.head === this.packets.length) {
      this.packets.length = 0;
      this.head = 0;
    }
    return packet;
  }

  /** Drops what is still queued (its `done` never runs) and refuses more. */
  close(): void {
    this.closed = true;
    this.packets.length = 0;
    this.head = 0;
  }
}

/**
 * An uplink, where sharing matters (it is what peers run short of): one packet at a time at
 * `bytesPerMs`, the flows with packets taking turns (round robin), so each of N busy flows
 * gets 1/N of the rate, as competing connections share a bottleneck. Packets that cost nothing
 * (control messages) wait only for their own flow's earlier packets, never for a turn.
 */
export class FairLink {
  private readonly ring: Flow[] = [];
  private ringHead = 0;
  private busy = false;
  private serving = false;
  /** Bytes carried so far. */
  carried = 0;

  constructor(
    private readonly clock: Clock,
    readonly bytesPerMs: number,
  ) {}

  /** Queues `cost` bytes on `flow`; `done` runs when the last of them has left the link. */
  send(flow: Flow, cost: number, done: () => void): void {
    if (flow.closed) return;
    if (cost === 0 && flow.pending === 0 && !flow.sending) {
      done();
      return;
    }
    flow.packets.push({ cost, done });
    if (!flow.inRing) {
      flow.inRing = true;
      this.ring.push(flow);
    }
    if (this.idle()) this.serve();
  }

  /** A method, so that checks after a callback (which may have sent) are not narrowed away. */
  private idle(): boolean {
    return !this.busy && !this.serving;
  }

  private nextFlow(): Flow | undefined {
    while (this.ringHead < this.ring.length) {
      const flow = this.ring[this.ringHead++];
      if (this.ringHead > 1024 && this.ringHead * 2 > this.ring.length) {
        this.ring.splice(0, this.ringHead);
        this.ringHead = 0;
      }
      if (!flow) continue;
      flow.inRing = false;
      if (flow.pending > 0) return flow;
    }
    return undefined;
  }

  /** Runs the free packets at the head of `flow` (they follow the one that just left). */
  private passFree(flow: Flow): void {
    while (flow.pending > 0 && flow.packets[flow.head]?.cost === 0) flow.shift()?.done();
  }

  private serve(): void {
    this.serving = true;
    try {
      for (;;) {
        const flow = this.nextFlow();
        if (!flow) return;
        this.passFree(flow);
        const packet = flow.shift();
        if (!packet) continue;
        if (flow.pending > 0 && !flow.inRing) {
          flow.inRing = true;
          this.ring.push(flow);
        }
        this.carried += packet.cost;
        this.busy = true;
        flow.sending = true;
        this.clock.setTimeout(() => {
          this.busy = false;
          flow.sending = false;
          packet.done();
          this.passFree(flow);
          if (this.idle()) this.serve();
        }, packet.cost / this.bytesPerMs);
        return;
      }
    } finally {
      this.serving = false;
    }
  }
}
