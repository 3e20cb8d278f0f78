/** One pending timer: due at `at`, ties broken by `seq` (the order they were set). */
export interface HeapTimer {
  at: number;
  seq: number;
  callback: () => void;
  /** Cleared before it fell due: skipped when it reaches the top (lazy deletion). */
  cancelled: boolean;
}

const before = (a: HeapTimer, b: HeapTimer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/**
 * A binary min-heap of timers. A simulated swarm sets and clears millions of timers (every
 * request arms a timeout, every message a delivery), so push and pop are O(log n) and a clear
 * only marks the timer; cancelled timers are dropped when they surface.
 */
export class TimerHeap {
  private readonly items: HeapTimer[] = [];

  get size(): number {
    return this.items.length;
  }

  push(timer: HeapTimer): void {
    const items = this.items;
    let index = items.length;
    items.push(timer);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = items[parent];
      if (!above || !before(timer, above)) break;
      items[index] = above;
      index = parent;
    }
    items[index] = timer;
  }

  /** The earliest live timer, without removing it; cancelled ones on top are discarded. */
  peek(): HeapTimer | undefined {
    let top = this.items[0];
    while (top?.cancelled) {
      this.pop();
      top = this.items[0];
    }
    return top;
  }

  pop(): HeapTimer | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (!top || !last || items.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const leftItem = items[left];
      const rightItem = items[right];
      let child = left;
      let childItem = leftItem;
      if (rightItem && leftItem && before(rightItem, leftItem)) {
        child = right;
        childItem = rightItem;
      }
      if (!childItem || !before(childItem, last)) break;
      items[index] = childItem;
      index = child;
    }
    items[index] = last;
    return top;
  }
}
