/**
 * What the viewer's options reach in the engine: the cache's usage and "clear cache", the cache
 * size applied to the open store, the pause of uploads on a metered connection.
 */
import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { Segment } from "../core";
import { Engine } from "./engine";
import type { ConnectionInfo } from "./metered-connection";
import { openSharedStore, type SharedSegmentStore } from "./shared-store";
import { scopedSwarmId } from "./swarm-key";

let counter = 0;
const site = "https://a.example";

/** `connection` is what the browser gives: undefined where it has none (Firefox). */
function engineWithStore(connection: ConnectionInfo | undefined) {
  let store: SharedSegmentStore | undefined;
  const engine = new Engine((settings) => {
    store ??= openSharedStore(settings, {
      name: `p2pv-viewer-${String(process.pid)}-${String(++counter)}`,
      indexedDB,
      IDBKeyRange,
    });
    return store;
  }, connection);
  return { engine, store: () => store };
}

const segment = (swarm: string, id: string, bytes: number) =>
  new Segment(id, `${site}/${id}.ts`, undefined, 0, {
    masterSwarmId: swarm,
    data: new ArrayBuffer(bytes),
  });

/** A NetworkInformation stand-in: an EventTarget with saveData and type. */
class FakeConnection extends EventTarget implements ConnectionInfo {
  saveData = false;
  type: string | undefined = "wifi";
  change(values: Partial<Pick<FakeConnection, "saveData" | "type">>) {
    Object.assign(this, values);
    this.dispatchEvent(new Event("change"));
  }
}

describe("the engine's cache, as the options page sees it", () => {
  it("reports what the store holds and empties it on engine/clear-cache", async () => {
    const { engine, store } = engineWithStore(new FakeConnection());
    await engine.handle({ type: "engine/configure", settings: {} });
    expect(await engine.handle({ type: "engine/cache-usage" })).toEqual({
      ok: true,
      cache: { segments: 0, bytes: 0 },
    });
    const shared = store();
    if (!shared) throw new Error("the store was not opened");
    const swarm = scopedSwarmId(site, "s");
    const view = shared.view(swarm);
    await view.storeSegment(segment(swarm, "1", 1000));
    await view.storeSegment(segment(swarm, "2", 2000));
    expect(await engine.handle({ type: "engine/cache-usage" })).toEqual({
      ok: true,
      cache: { segments: 2, bytes: 3000 },
    });
    expect(await engine.handle({ type: "engine/clear-cache" })).toEqual({
      ok: true,
      cache: { segments: 0, bytes: 0 },
    });
    // Memory in front of IndexedDB is emptied too: nothing is handed out any more.
    expect(await view.getSegment("1", swarm)).toBeUndefined();
  });

  it("refuses before its settings, like every other request", async () => {
    const { engine } = engineWithStore(new FakeConnection());
    expect(await engine.handle({ type: "engine/clear-cache" })).toEqual({
      ok: false,
      error: "engine not configured",
    });
  });

  it("applies a new cache size to the open store at its next clean", async () => {
    const { engine, store } = engineWithStore(new FakeConnection());
    await engine.handle({ type: "engine/configure", settings: {} });
    await engine.handle({ type: "engine/cache-usage" });
    const shared = store();
    if (!shared) throw new Error("the store was not opened");
    // Two sites of 120 MB each (under the 128 MiB a site may keep): 240 MB in all.
    const views = ["https://a.example", "https://b.example"].map((origin) => {
      const swarm = scopedSwarmId(origin, "s");
      return { swarm, view: shared.view(swarm) };
    });
    for (const { swarm, view } of views)
      for (let index = 0; index < 6; index++)
        await view.storeSegment(segment(swarm, String(index), 20_000_000));
    await views[0]?.view.clean();
    expect((await shared.usage()).segments).toBe(12);
    await engine.handle({ type: "engine/configure", settings: { cacheMaxBytes: 200_000_000 } });
    await views[0]?.view.clean();
    expect(await shared.usage()).toEqual({ segments: 10, bytes: 200_000_000 });
  });
});

describe("uploads on a metered connection", () => {
  it("pause while the browser says saveData or cellular, unless the viewer turned it off", async () => {
    const connection = new FakeConnection();
    const { engine } = engineWithStore(connection);
    await engine.handle({ type: "engine/configure", settings: {} });
    expect(engine.uploadsPaused).toBe(false);
    expect(engine.uploads.tryStart()).toBeTypeOf("function");
    connection.change({ saveData: true });
    expect(engine.uploadsPaused).toBe(true);
    expect(engine.uploads.tryStart()).toBeUndefined();
    connection.change({ saveData: false, type: "cellular" });
    expect(engine.uploadsPaused).toBe(true);
    await engine.handle({ type: "engine/configure", settings: { pauseUploadsOnMetered: false } });
    expect(engine.uploadsPaused).toBe(false);
    await engine.handle({ type: "engine/configure", settings: {} });
    connection.change({ type: "wifi" });
    expect(engine.uploadsPaused).toBe(false);
  });

  it("never pause where the browser does not tell (no connection object)", async () => {
    const { engine } = engineWithStore(undefined);
    await engine.handle({ type: "engine/configure", settings: {} });
    expect(engine.uploadsPaused).toBe(false);
  });
});
