/**
 * Test-only code never ships in the store build: the background's test hooks and the engine's
 * fault switches are compiled in by the test variant's build flag only (scripts/make-test-build.ts).
 * Read from the built files, both variants: the markers must be in the test build (so this test
 * looks for the right thing) and nowhere in the store build.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXTENSION_DIR, TEST_EXTENSION_DIR } from "../../../harness/browser/chromium";

/** Strings only test-only code contains: the hooks' global and methods, the fault switch's key. */
const MARKERS = ["p2pvBackground", "setFastPath", "p2pv-test-storage-fault"];

/** Every script of a build, concatenated. */
async function scriptsOf(dir: string): Promise<string> {
  const files = await readdir(dir, { recursive: true });
  const scripts = files.filter((file) => file.endsWith(".js"));
  const texts = await Promise.all(scripts.map((file) => readFile(join(dir, file), "utf8")));
  return texts.join("\n");
}

describe("the store build", () => {
  it("holds none of the test build's test-only code", async () => {
    const [store, test] = await Promise.all([
      scriptsOf(EXTENSION_DIR),
      scriptsOf(TEST_EXTENSION_DIR),
    ]);
    for (const marker of MARKERS) {
      expect(test, `test build has ${marker}`).toContain(marker);
      expect(store, `store build has ${marker}`).not.toContain(marker);
    }
  });
});
