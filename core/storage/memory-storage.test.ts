import { describe, expect, it } from "vitest";
import { MemorySegmentsStorage } from "./memory-storage.js";
import { describeByteLimitsContract } from "./byte-limits.contract.js";
import { describeSegmentsStorageContract, makeSegment } from "./segments-storage.contract.js";

describeSegmentsStorageContract("MemorySegmentsStorage", (now, maxCount, expiration) => {
  const storage = new MemorySegmentsStorage(now, maxCount, expiration);
  return { storage, reopen: () => storage };
});

describe("MemorySegmentsStorage", () => {
  it("hands back the stored segment object itself", async () => {
    const storage = new MemorySegmentsStorage(() => 0, 10, 1000);
    const segment = makeSegment("a");
    await storage.storeSegment(segment);
    expect(await storage.getSegment("a", "swarm-1")).toBe(segment);
  });
});

describeByteLimitsContract("MemorySegmentsStorage", (now, maxCount, expiration, options) => {
  const storage = new MemorySegmentsStorage(now, maxCount, expiration, options);
  return { storage, reopen: () => storage };
});
