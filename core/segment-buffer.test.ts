import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { LoaderError, type LoaderErrorCode } from "./errors.js";
import { SegmentBuffer } from "./segment-buffer.js";

const bytesOf = (length: number, seed = 0) =>
  Uint8Array.from({ length }, (_, index) => (index * 31 + seed) & 0xff);

function expectLoaderError(run: () => unknown, code: LoaderErrorCode): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LoaderError);
  expect((caught as LoaderError).code).toBe(code);
}

/** Splits `data` at the given cut points (any order, duplicates allowed). */
function chunk(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (data.byteLength + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, data.byteLength]) {
    chunks.push(data.subarray(start, point));
    start = point;
  }
  return chunks;
}

describe("append and read", () => {
  it("any [from, len] window equals the same window of the concatenation", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 600 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.array(fc.tuple(fc.nat({ max: 700 }), fc.nat({ max: 700 })), { minLength: 1 }),
        fc.boolean(),
        (data, cuts, windows, sizeFirst) => {
          const buffer = new SegmentBuffer(1000);
          if (sizeFirst) buffer.setTotalSize(data.byteLength);
          for (const piece of chunk(data, cuts)) buffer.append(piece);
          expect(buffer.received).toBe(data.byteLength);
          for (const [from, length] of windows) {
            const expected = data.slice(from, Math.min(data.byteLength, from + length));
            expect(buffer.read(from, length)).toEqual(expected);
          }
          // And the whole thing, read back in arbitrary pieces.
          expect(buffer.read(0, data.byteLength)).toEqual(data);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads while the buffer is still filling see only what has arrived", () => {
    const data = bytesOf(30);
    const buffer = new SegmentBuffer(100);
    buffer.append(data.subarray(0, 10));
    expect(buffer.read(5, 100)).toEqual(data.slice(5, 10));
    expect(buffer.read(10, 5)).toEqual(new Uint8Array(0));
    buffer.append(data.subarray(10, 30));
    expect(buffer.read(5, 100)).toEqual(data.slice(5, 30));
  });

  it("a read within one chunk is a view, a read across chunks is a copy", () => {
    const first = bytesOf(10);
    const second = bytesOf(10, 7);
    const buffer = new SegmentBuffer(100);
    buffer.append(first);
    buffer.append(second);
    const inside = buffer.read(2, 5);
    expect(inside.buffer).toBe(first.buffer);
    const across = buffer.read(8, 4);
    expect([...across]).toEqual([first[8], first[9], second[0], second[1]]);
    across[0] = 0xaa;
    expect(first[8]).not.toBe(0xaa);
  });

  it("empty appends are ignored and do not notify", () => {
    const buffer = new SegmentBuffer(10);
    const listener = vi.fn();
    buffer.subscribe(listener);
    buffer.append(new Uint8Array(0));
    expect(buffer.received).toBe(0);
    expect(listener).not.toHaveBeenCalled();
  });
});

describe("sizes", () => {
  it("setTotalSize above maxSize is segment-too-large", () => {
    const buffer = new SegmentBuffer(100);
    expectLoaderError(() => {
      buffer.setTotalSize(101);
    }, "segment-too-large");
    expect(buffer.totalSize).toBeUndefined();
    buffer.setTotalSize(100);
    expect(buffer.totalSize).toBe(100);
  });

  it("a second, different size is size-mismatch; the same size again is fine", () => {
    const buffer = new SegmentBuffer(100);
    buffer.setTotalSize(50);
    buffer.setTotalSize(50);
    expectLoaderError(() => {
      buffer.setTotalSize(51);
    }, "size-mismatch");
    expectLoaderError(() => {
      buffer.setTotalSize(49);
    }, "size-mismatch");
    expect(buffer.totalSize).toBe(50);
  });

  it("a size smaller than what is already held is size-mismatch", () => {
    const buffer = new SegmentBuffer(100);
    buffer.append(bytesOf(20));
    expectLoaderError(() => {
      buffer.setTotalSize(19);
    }, "size-mismatch");
    buffer.setTotalSize(20);
    expect(buffer.isFull).toBe(true);
  });

  it("appending past the total size throws size-mismatch and keeps the data", () => {
    const buffer = new SegmentBuffer(100);
    buffer.setTotalSize(10);
    buffer.append(bytesOf(8));
    expectLoaderError(() => {
      buffer.append(bytesOf(3));
    }, "size-mismatch");
    expect(buffer.received).toBe(8);
    buffer.append(bytesOf(2));
    expect(buffer.isFull).toBe(true);
    expectLoaderError(() => {
      buffer.append(bytesOf(1));
    }, "size-mismatch");
  });

  it("appending past maxSize with no total size throws segment-too-large", () => {
    const buffer = new SegmentBuffer(10);
    buffer.append(bytesOf(10));
    expectLoaderError(() => {
      buffer.append(bytesOf(1));
    }, "segment-too-large");
    expect(buffer.received).toBe(10);
  });

  it("isFull only once a known size is reached", () => {
    const buffer = new SegmentBuffer(100);
    buffer.append(bytesOf(5));
    expect(buffer.isFull).toBe(false);
    buffer.setTotalSize(6);
    expect(buffer.isFull).toBe(false);
    buffer.append(bytesOf(1));
    expect(buffer.isFull).toBe(true);
  });
});

describe("finish and fail", () => {
  it("finish() returns exactly the appended bytes", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (data, cuts) => {
          const buffer = new SegmentBuffer(1000);
          for (const piece of chunk(data, cuts)) buffer.append(piece);
          const result = buffer.finish();
          expect(result).toBeInstanceOf(ArrayBuffer);
          expect(new Uint8Array(result)).toEqual(data);
          expect(buffer.state).toBe("complete");
          expect(buffer.totalSize).toBe(data.byteLength);
          expect(buffer.read(0, 1000)).toEqual(data);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("finish() of a single chunk that is a view into a larger buffer returns only its bytes", () => {
    const backing = bytesOf(100);
    const buffer = new SegmentBuffer(100);
    buffer.append(backing.subarray(10, 20));
    const result = buffer.finish();
    expect(result.byteLength).toBe(10);
    expect(new Uint8Array(result)).toEqual(backing.slice(10, 20));
  });

  it("appends after finish are ignored", () => {
    const buffer = new SegmentBuffer(100);
    buffer.append(bytesOf(5));
    buffer.finish();
    buffer.append(bytesOf(5));
    expect(buffer.received).toBe(5);
  });

  it("fail() notifies subscribers, drops the data and stops appends", () => {
    const buffer = new SegmentBuffer(100);
    buffer.append(bytesOf(10));
    const states: string[] = [];
    buffer.subscribe(() => states.push(buffer.state));
    buffer.fail();
    expect(states).toEqual(["failed"]);
    expect(buffer.state).toBe("failed");
    expect(buffer.read(0, 10)).toEqual(new Uint8Array(0));
    buffer.append(bytesOf(3));
    expect(buffer.read(0, 10).byteLength).toBe(0);
    // A failed buffer stays failed and does not notify again.
    buffer.fail();
    expect(states).toEqual(["failed"]);
  });

  it("fail() after finish() leaves the buffer complete", () => {
    const buffer = new SegmentBuffer(100);
    buffer.append(bytesOf(4));
    buffer.finish();
    buffer.fail();
    expect(buffer.state).toBe("complete");
    expect(buffer.read(0, 4)).toEqual(bytesOf(4));
  });

  it("fromData builds a complete-size buffer", () => {
    const data = bytesOf(64);
    const buffer = SegmentBuffer.fromData(data.slice().buffer);
    expect(buffer.totalSize).toBe(64);
    expect(buffer.isFull).toBe(true);
    expect(buffer.read(0, 64)).toEqual(data);
    const empty = SegmentBuffer.fromData(new ArrayBuffer(0));
    expect(empty.totalSize).toBe(0);
    expect(empty.isFull).toBe(true);
  });
});

describe("subscribe", () => {
  it("notifies on size, data and state changes until unsubscribed", () => {
    const buffer = new SegmentBuffer(100);
    const listener = vi.fn();
    const unsubscribe = buffer.subscribe(listener);
    buffer.setTotalSize(10);
    expect(listener).toHaveBeenCalledTimes(1);
    buffer.setTotalSize(10); // no change, no notification
    expect(listener).toHaveBeenCalledTimes(1);
    buffer.append(bytesOf(4));
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    buffer.append(bytesOf(6));
    buffer.finish();
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("finish() notifies", () => {
    const buffer = new SegmentBuffer(100);
    buffer.append(bytesOf(1));
    const listener = vi.fn(() => buffer.state);
    buffer.subscribe(listener);
    buffer.finish();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveReturnedWith("complete");
  });

  it("several listeners each get notified; one unsubscribing does not affect the others", () => {
    const buffer = new SegmentBuffer(100);
    const a = vi.fn();
    const b = vi.fn();
    const unsubscribeA = buffer.subscribe(a);
    buffer.subscribe(b);
    buffer.append(bytesOf(1));
    unsubscribeA();
    buffer.append(bytesOf(1));
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
  });

  it("a listener may unsubscribe itself during notification", () => {
    const buffer = new SegmentBuffer(100);
    const other = vi.fn();
    const unsubscribe = buffer.subscribe(() => {
      unsubscribe();
    });
    buffer.subscribe(other);
    buffer.append(bytesOf(1));
    buffer.append(bytesOf(1));
    expect(other).toHaveBeenCalledTimes(2);
  });

  it("listeners are dropped after fail()", () => {
    const buffer = new SegmentBuffer(100);
    const listener = vi.fn();
    buffer.subscribe(listener);
    buffer.fail();
    buffer.finish();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
