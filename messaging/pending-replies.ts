/**
 * Requests awaiting their replies, matched by id: the one request/reply matcher of every hop
 * (hook -> relay, relay -> engine port, background -> engine). A request may carry a timer: when
 * it runs out, `onExpire` decides (settle it with a failure, or treat the other end as gone).
 */
export interface Expiry {
  ms: number;
  onExpire(id: number): void;
}

interface Waiting<R> {
  settle(reply: R): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class PendingReplies<R> {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting<R>>();

  /** A fresh id and the promise of its reply (settled once, by settle or settleAll). */
  open(expiry?: Expiry): { id: number; reply: Promise<R> } {
    const id = this.nextId++;
    const reply = new Promise<R>((resolve) => {
      this.waiting.set(id, { settle: resolve, timer: undefined });
    });
    if (expiry) this.extend(id, expiry);
    return { id, reply };
  }

  /** A fresh id for a message that wants no reply (a reply to it matches nothing). */
  unanswered(): number {
    return this.nextId++;
  }

  /** Settles `id` with `reply`; false when nothing waits for it (settled, or never opened). */
  settle(id: number, reply: R): boolean {
    const waiting = this.waiting.get(id);
    if (!waiting) return false;
    this.waiting.delete(id);
    // No timer, no call: in the page hook, timers are the page's globals.
    if (waiting.timer !== undefined) clearTimeout(waiting.timer);
    waiting.settle(reply);
    return true;
  }

  /** Replaces `id`'s timer (e.g. the engine acknowledged: now wait for the answer). */
  extend(id: number, expiry: Expiry): boolean {
    const waiting = this.waiting.get(id);
    if (!waiting) return false;
    if (waiting.timer !== undefined) clearTimeout(waiting.timer);
    waiting.timer = setTimeout(() => {
      expiry.onExpire(id);
    }, expiry.ms);
    return true;
  }

  /** Settles everything waiting with `reply` (the other end is gone). */
  settleAll(reply: R): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, reply);
  }

  get size(): number {
    return this.waiting.size;
  }
}
