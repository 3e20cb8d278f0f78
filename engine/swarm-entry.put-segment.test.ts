import { afterEach, describe, expect, it } from "vitest";
import { MemorySegmentsStorage, resolveSettings } from "../core";
import { SwarmEntry } from "./swarm-entry";

const site = "https://a.example";

describe("bytes a page fetched itself (put-segment)", () => {
  let entry: SwarmEntry | undefined;
  afterEach(async () => {
    await entry?.destroy();
  });

  it("count as HTTP for the tab that fetched them, not for the swarm's other tabs", async () => {
    const counted: [string, number][] = [];
    entry = new SwarmEntry(
      site,
      "swarm",
      resolveSettings({ useP2P: false, httpDownloadProbability: 0 }),
      new MemorySegmentsStorage(Date.now, 30, 300_000),
      {
        // The origin check cannot be made here: the bytes are refused, yet were fetched.
        fetchThrough: () => Promise.reject(new Error("no page")),
        onBytes: (kind, bytes) => counted.push([kind, bytes]),
      },
    );
    const page = { tabId: 1, frameId: 0, site };
    const otherTab = { tabId: 2, frameId: 0, site };
    const descriptor = { id: "s1", url: `${site}/s1.ts` };
    entry.load(page, [{ ...descriptor, priority: 0 }]);
    entry.load(otherTab, [{ ...descriptor, priority: 0 }]);
    await entry.putSegment(page, descriptor, new ArrayBuffer(4096)).catch(() => undefined);
    expect(entry.countersFor(1)).toEqual({ http: 4096, p2p: 0, uploaded: 0 });
    expect(entry.countersFor(2)).toEqual({ http: 0, p2p: 0, uploaded: 0 });
    expect(counted).toEqual([["http", 4096]]);
  });
});
