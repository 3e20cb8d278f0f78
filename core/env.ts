/**
 * Everything the core needs from its surroundings, injected so that the same code runs in a
 * browser, in Node and under virtual time in a simulator.
 */

/** An opaque timer handle: whatever the clock's setTimeout returns (a number or an object). */
export type TimerHandle = object | number;

export interface Clock {
  /** Milliseconds on a monotonic scale (only differences are meaningful). */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

/** Returns a float in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** Fills and returns `length` random bytes (peer ids need real entropy, not a seeded PRNG). */
export type RandomBytes = (length: number) => Uint8Array;

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
};

export const systemRandomBytes: RandomBytes = (length) =>
  globalThis.crypto.getRandomValues(new Uint8Array(length));
