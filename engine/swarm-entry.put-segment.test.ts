import { afterEach, describe, expect, it } from "vitest";
import { MemorySegmentsStorage, resolveSettings } from "../core";
import { systemClock } from "../core/env";
import { FakeHttp } from "../core/testing/fake-http";
import { SwarmEntry } from "./swarm-entry";

const site = "https://a.example";

describe("bytes a page fetched itself (put-segment)", () => {
  let entry: SwarmEntry | undefined;
  afterEach(async () => {
    await entry?.destroy();
  });

  /** An entry whose page fetches through `origin`, counting what it is told of. */
  const entryWith = (origin: FakeHttp, counted: [string, number][]) =>
    new SwarmEntry(
      site,
      "swarm",
      resolveSettings({ useP2P: false, httpDownloadProbability: 0 }),
      new MemorySegmentsStorage(Date.now, 30, 300_000),
      {
        // Only the origin check's range requests: the loader's own download of the queued
        // segment fails, so what is counted is the page's bytes alone.
        fetchThrough: (_frames, request) =>
          request.range === undefined
            ? Promise.reject(new Error("not in this test"))
            : origin.request(request),
        onBytes: (kind, bytes) => counted.push([kind, bytes]),
      },
    );
  const page = { tabId: 1, frameId: 0, site };
  const otherTab = { tabId: 2, frameId: 0, site };
  const descriptor = { id: "s1", url: `${site}/s1.ts` };
  const bytes = new Uint8Array(4096).map((_, index) => index % 251);

  it("count as HTTP for the tab that fetched them, not for the swarm's other tabs", async () => {
    const counted: [string, number][] = [];
    const origin = new FakeHttp(systemClock);
    origin.resources.set(descriptor.url, { bytes });
    entry = entryWith(origin, counted);
    entry.load(page, [{ ...descriptor, priority: 0 }]);
    entry.load(otherTab, [{ ...descriptor, priority: 0 }]);
    await entry.putSegment(page, descriptor, bytes.slice().buffer);
    expect(origin.servedBytes).toBeGreaterThan(0); // the origin check was made
    expect(entry.countersFor(1)).toEqual({ http: 4096, p2p: 0, uploaded: 0 });
    expect(entry.countersFor(2)).toEqual({ http: 0, p2p: 0, uploaded: 0 });
    expect(counted).toEqual([["http", 4096]]);
  });

  it("count nothing when the origin check refuses them (a page cannot inflate its counts)", async () => {
    const counted: [string, number][] = [];
    const origin = new FakeHttp(systemClock);
    origin.resources.set(descriptor.url, { bytes });
    entry = entryWith(origin, counted);
    entry.load(page, [{ ...descriptor, priority: 0 }]);
    const junk = new Uint8Array(4096).fill(7);
    await expect(entry.putSegment(page, descriptor, junk.buffer)).rejects.toThrow();
    expect(origin.servedBytes).toBeGreaterThan(0);
    expect(entry.countersFor(1)).toEqual({ http: 0, p2p: 0, uploaded: 0 });
    expect(counted).toEqual([]);
  });
});
