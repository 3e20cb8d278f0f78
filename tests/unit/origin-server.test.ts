/**
 * The test origin's counts, which the benchmark's ideals are made of: every byte it sends, and
 * one copy of each distinct response (a path and range asked for twice is counted once there).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrigin, type OriginServer } from "../../harness/origin-server";

describe("the test origin's counts", () => {
  let root = "";
  let origin: OriginServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "p2pv-origin-"));
    await writeFile(join(root, "seg_0.ts"), Buffer.alloc(1000, 1));
    await writeFile(join(root, "seg_1.ts"), Buffer.alloc(500, 2));
    origin = await startOrigin(root);
  });

  afterAll(async () => {
    await origin.close();
    await rm(root, { recursive: true, force: true });
  });

  const get = async (path: string, range?: string) => {
    const response = await fetch(new URL(path, origin.baseUrl), {
      headers: range === undefined ? {} : { Range: range },
    });
    return (await response.arrayBuffer()).byteLength;
  };

  it("counts every byte sent, and each distinct response once", async () => {
    expect(await get("seg_0.ts")).toBe(1000);
    expect(await get("seg_0.ts")).toBe(1000);
    expect(await get("seg_1.ts")).toBe(500);
    expect(await get("seg_0.ts", "bytes=0-99")).toBe(100);
    expect(await get("seg_0.ts", "bytes=0-99")).toBe(100);

    expect(origin.servedBytesByPath()).toEqual(
      new Map([
        ["/seg_0.ts", 2200],
        ["/seg_1.ts", 500],
      ]),
    );
    // The whole segment once, the range once: what the origin must send at the least.
    expect(origin.servedOnceByPath()).toEqual(
      new Map([
        ["/seg_0.ts", 1100],
        ["/seg_1.ts", 500],
      ]),
    );
  });
});
