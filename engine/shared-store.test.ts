import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { Segment, type SegmentsStorage } from "../core";
import type { ByteLimits } from "../core/storage/cache-limits";
import { openSharedStore } from "./shared-store";
import { scopedSwarmId, siteOfScopedSwarmId } from "./swarm-key";

let counter = 0;
const LIMIT = 4;

function open(bytes?: Partial<ByteLimits>) {
  let time = 0;
  const store = openSharedStore(
    {
      cachedSegmentsCount: LIMIT,
      cachedSegmentExpiration: 60_000,
      cacheMaxBytes: 512 * 1024 * 1024,
    },
    {
      name: `p2pv-shared-${String(process.pid)}-${String(++counter)}`,
      indexedDB,
      IDBKeyRange,
      ...(bytes ? { bytes } : {}),
    },
    () => time,
  );
  return {
    store,
    tick: () => ++time,
    later: (ms: number) => (time += ms),
  };
}

const segment = (swarm: string, id: string) =>
  new Segment(id, `https://cdn.test/${id}.ts`, undefined, 0, {
    masterSwarmId: swarm,
    data: new Uint8Array(64).fill(id.length).buffer,
  });

/** What a loader does after each download: store, then clean with its own lock. */
async function store(
  view: SegmentsStorage,
  swarm: string,
  ids: string[],
  locked: (id: string) => boolean,
  tick: () => number,
) {
  for (const id of ids) {
    tick();
    await view.storeSegment(segment(swarm, id));
    await view.clean(locked);
  }
}

const held = async (view: SegmentsStorage, swarm: string) =>
  [...(await view.getSegmentsMap(swarm)).keys()].sort();

describe("the engine's shared segment store", () => {
  const siteA = "https://a.example";
  const siteB = "https://b.example";
  const videoA = scopedSwarmId(siteA, "video");
  const audioA = scopedSwarmId(siteA, "audio");
  const videoB = scopedSwarmId(siteB, "video");
  const nothing = () => false;

  it("knows the site of a scoped swarm id", () => {
    expect(siteOfScopedSwarmId(videoA)).toBe(siteA);
    expect(siteOfScopedSwarmId("plain-swarm")).toBe("");
  });

  it("applies the limit per site: a site streaming a lot never evicts another's cache", async () => {
    const { store: shared, tick } = open();
    const b = shared.view(videoB);
    const a = shared.view(videoA);
    await store(b, videoB, ["b1", "b2", "b3"], nothing, tick);
    const many = Array.from({ length: 20 }, (_, index) => `a${String(index).padStart(2, "0")}`);
    await store(a, videoA, many, nothing, tick);
    expect(await held(b, videoB)).toEqual(["b1", "b2", "b3"]);
    expect(await held(a, videoA)).toEqual(["a16", "a17", "a18", "a19"]);
    // B's own cache is still limited by B's own segments.
    await store(b, videoB, ["b4", "b5"], nothing, tick);
    expect(await held(b, videoB)).toEqual(["b2", "b3", "b4", "b5"]);
  });

  it("one loader's clean keeps what another live loader of the site locks", async () => {
    // The count limit is per swarm (4); the site's bytes (5 segments) make the swarms compete.
    const { store: shared, tick } = open({ scopeBytes: 5 * 64 });
    const audio = shared.view(audioA);
    const video = shared.view(videoA);
    const audioQueue = new Set(["1", "2"]);
    await store(audio, audioA, ["1", "2"], (id) => audioQueue.has(id), tick);
    // Video segments with the same ids: the audio loader's lock is for its own swarm only.
    await store(video, videoA, ["1", "2", "3", "4", "5", "6"], nothing, tick);
    expect(await held(audio, audioA)).toEqual(["1", "2"]);
    expect(await held(video, videoA)).toEqual(["4", "5", "6"]);

    // Once the audio loader is gone (or no longer locks them), its segments may go.
    await audio.destroy();
    await store(video, videoA, ["7"], nothing, tick);
    expect(await held(video, videoA)).toEqual(["4", "5", "6", "7"]);
    expect((await held(video, audioA)).length).toBe(1);
  });

  it("keeps cachedSegmentsCount of each swarm: a video's separate audio does not halve it", async () => {
    const { store: shared, tick } = open();
    const audio = shared.view(audioA);
    const video = shared.view(videoA);
    await store(audio, audioA, ["1", "2", "3", "4", "5"], nothing, tick);
    await store(video, videoA, ["1", "2", "3", "4", "5"], nothing, tick);
    expect(await held(audio, audioA)).toEqual(["2", "3", "4", "5"]);
    expect(await held(video, videoA)).toEqual(["2", "3", "4", "5"]);
  });

  it("expiry empties a site nobody watches, at any site's clean", async () => {
    const { store: shared, tick, later } = open();
    const b = shared.view(videoB);
    await store(b, videoB, ["b1"], nothing, tick);
    await b.destroy();
    later(60_001);
    const a = shared.view(videoA);
    await store(a, videoA, ["a1"], nothing, tick);
    expect(await held(a, videoB)).toEqual([]);
    expect(await held(a, videoA)).toEqual(["a1"]);
  });

  it("a detached view stores nothing and wipes nothing", async () => {
    const { store: shared, tick } = open();
    const first = shared.view(videoA);
    await store(first, videoA, ["1"], nothing, tick);
    await first.destroy();
    await first.storeSegment(segment(videoA, "2"));
    const second = shared.view(videoA);
    expect(await held(second, videoA)).toEqual(["1"]);
  });

  it("byte limits per site and in all, with two sites each keeping its queue locked", async () => {
    // Segments are 64 bytes: 3 per site, 5 in all, 2 of a site's queue protected.
    const { store: shared, tick } = open({
      scopeBytes: 200,
      totalBytes: 320,
      lockedScopeBytes: 128,
    });
    const a = shared.view(videoA);
    const b = shared.view(videoB);
    const bytesOf = async (view: SegmentsStorage, swarm: string) =>
      [...(await view.getSegmentsMap(swarm)).values()].reduce(
        (sum, { segment }) => sum + (segment.data?.byteLength ?? 0),
        0,
      );
    const everything = () => true;
    await store(a, videoA, ["a1", "a2", "a3", "a4", "a5"], everything, tick);
    expect(await held(a, videoA)).toEqual(["a3", "a4", "a5"]);
    await store(b, videoB, ["b1", "b2", "b3", "b4"], everything, tick);
    const bytesA = await bytesOf(a, videoA);
    const bytesB = await bytesOf(b, videoB);
    expect(bytesA).toBeLessThanOrEqual(200);
    expect(bytesB).toBeLessThanOrEqual(200);
    expect(bytesA + bytesB).toBeLessThanOrEqual(320);
    expect(await held(b, videoB)).toEqual(["b2", "b3", "b4"]);
    expect(await held(a, videoA)).toEqual(["a4", "a5"]);
  });

  it("keeps segments in memory when IndexedDB will not open, and counts the failures", async () => {
    // As in a browser whose IndexedDB is disabled: open() throws at once.
    const broken = Object.create(indexedDB, {
      open: {
        value: () => {
          throw new DOMException("IndexedDB is disabled", "InvalidStateError");
        },
      },
    }) as IDBFactory;
    const shared = openSharedStore(
      {
        cachedSegmentsCount: LIMIT,
        cachedSegmentExpiration: 60_000,
        cacheMaxBytes: 512 * 1024 * 1024,
      },
      { name: `p2pv-broken-${String(process.pid)}`, indexedDB: broken, IDBKeyRange },
    );
    const view = shared.view(videoA);
    await view.storeSegment(segment(videoA, "1"));
    await view.clean(() => false);
    expect(await held(view, videoA)).toEqual(["1"]);
    expect((await view.getSegment("1", videoA))?.data?.byteLength).toBe(64);
    expect(shared.failures?.storedInFallback).toBe(1);
    expect(shared.failures?.primaryFailures).toBeGreaterThanOrEqual(1);
  });
});
