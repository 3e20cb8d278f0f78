/**
 * Test-only: the byte limits both storages apply (cache-limits.ts), run by memory-storage.test.ts
 * and dexie-storage.test.ts against their own implementation. Sizes are small (30-byte segments)
 * so the cases stay fast; engine/cache-pinning.test.ts stores real sizes against the defaults.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ByteLimits } from "./cache-limits.js";
import { bytesOf, sizedSegment, type StorageFactory } from "./segments-storage.contract.js";

const SIZE = 30;
/** Room for 3 segments per scope, 5 in all; locked ones protected up to 1 per scope. */
const bytes: ByteLimits = { scopeBytes: 100, totalBytes: 150, lockedScopeBytes: 50 };
/** "siteA/video" -> "siteA" */
const scopeOf = (masterSwarmId: string) => masterSwarmId.split("/")[0] ?? "";

export function describeByteLimitsContract(name: string, factory: StorageFactory): void {
  describe(`${name}: byte limits`, () => {
    let time: number;
    const now = () => time;
    beforeEach(() => {
      time = 1_000_000;
    });

    const fill = async (
      storage: ReturnType<StorageFactory>["storage"],
      swarm: string,
      ids: string[],
      locked?: (id: string, swarm: string) => boolean,
    ) => {
      for (const id of ids) {
        time += 10;
        await storage.storeSegment(sizedSegment(id, swarm, SIZE));
        await storage.clean(locked);
      }
    };
    const held = async (storage: ReturnType<StorageFactory>["storage"], swarm: string) =>
      [...(await storage.getSegmentsMap(swarm)).keys()].sort();

    it("keeps at most scopeBytes, dropping the least recently accessed first", async () => {
      const { storage } = factory(now, 100, 60_000, { bytes });
      await fill(storage, "s", ["a", "b", "c", "d", "e"]);
      expect(await held(storage, "s")).toEqual(["c", "d", "e"]);
      expect(await bytesOf(storage, "s")).toBeLessThanOrEqual(bytes.scopeBytes);
    });

    it("a queue cannot pin more than scopeBytes: the oldest locked segments go", async () => {
      const { storage } = factory(now, 5, 60_000, { bytes });
      const ids = Array.from({ length: 16 }, (_, index) => `q${String(index).padStart(2, "0")}`);
      await fill(storage, "s", ids, () => true);
      expect(await bytesOf(storage, "s")).toBeLessThanOrEqual(bytes.scopeBytes);
      expect(await held(storage, "s")).toEqual(["q13", "q14", "q15"]);
    });

    it("beyond lockedScopeBytes, locked segments count against maxCount", async () => {
      const { storage } = factory(now, 2, 60_000, { bytes });
      await fill(storage, "s", ["q0", "q1", "q2", "q3"], () => true);
      // One 30-byte segment is protected (50 bytes); the count limit takes the rest down to 2.
      expect(await held(storage, "s")).toEqual(["q2", "q3"]);
    });

    it("unlocked segments go before locked ones within the bound", async () => {
      const { storage } = factory(now, 100, 60_000, {
        bytes: { ...bytes, lockedScopeBytes: 60 },
      });
      const locked = (id: string) => id.startsWith("locked");
      await fill(storage, "s", ["locked-old", "free-old", "free-new", "locked-new"], locked);
      expect(await held(storage, "s")).toEqual(["free-new", "locked-new", "locked-old"]);
    });

    it("two sites: each keeps its own scopeBytes, and both together totalBytes", async () => {
      const { storage } = factory(now, 100, 60_000, { bytes, scopeOf });
      await fill(storage, "siteA/video", ["a0", "a1", "a2", "a3", "a4"]);
      await fill(storage, "siteB/video", ["b0", "b1", "b2", "b3", "b4"]);
      const a = await bytesOf(storage, "siteA/video");
      const b = await bytesOf(storage, "siteB/video");
      expect(a).toBeLessThanOrEqual(bytes.scopeBytes);
      expect(b).toBeLessThanOrEqual(bytes.scopeBytes);
      expect(a + b).toBeLessThanOrEqual(bytes.totalBytes);
      // Over the total, the site holding most gave way: B, the latest, keeps its own limit.
      expect(await held(storage, "siteA/video")).toEqual(["a3", "a4"]);
      expect(await held(storage, "siteB/video")).toEqual(["b2", "b3", "b4"]);
    });

    it("totalBytes holds even against locked segments, the largest site first", async () => {
      const { storage } = factory(now, 100, 60_000, {
        bytes: { scopeBytes: 100, totalBytes: 100, lockedScopeBytes: 100 },
        scopeOf,
      });
      await fill(storage, "siteA/video", ["a0", "a1", "a2"], () => true);
      await fill(storage, "siteB/video", ["b0", "b1", "b2"], () => true);
      const a = await bytesOf(storage, "siteA/video");
      const b = await bytesOf(storage, "siteB/video");
      expect(a + b).toBeLessThanOrEqual(100);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    });
  });
}
