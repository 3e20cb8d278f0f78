import { afterEach, describe, expect, it } from "vitest";
import { MemorySegmentsStorage, resolveSettings } from "../core";
import { ENGINE_LIMITS } from "../messaging/engine-limits";
import { SwarmEntry } from "./swarm-entry";

const site = "https://a.example";
const frame = (frameId: number) => ({ tabId: 1, frameId, site });
const queue = (count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => ({
    id: `s${String(from + index)}`,
    url: `${site}/s${String(from + index)}.ts`,
    priority: index,
  }));

let entry: SwarmEntry | undefined;
afterEach(async () => {
  await entry?.destroy();
});

describe("SwarmEntry's queue per frame", () => {
  it("keeps each frame's ENGINE_LIMITS.queuePerFrame nearest segments; URLs past them are not fetched", () => {
    entry = new SwarmEntry(
      site,
      "swarm",
      // No tracker, no HTTP roll: only the queue matters here.
      resolveSettings({ useP2P: false, httpDownloadProbability: 0 }),
      new MemorySegmentsStorage(Date.now, 30, 300_000),
      { fetchThrough: () => new Promise(() => undefined) },
    );
    entry.load(frame(0), queue(500));
    expect(entry.queued).toBe(ENGINE_LIMITS.queuePerFrame);
    // Another frame's queue is bounded on its own; the loader gets the union.
    entry.load(frame(1), queue(100, 1000));
    expect(entry.queued).toBe(2 * ENGINE_LIMITS.queuePerFrame);
  });
});
