/**
 * Kept for tests/browser/support/player-swarm.ts until its import moves: the Chromium launch
 * lives in harness/browser/chromium.ts (the demo and the benchmark use it too).
 */
export * from "../../../harness/browser/chromium";
