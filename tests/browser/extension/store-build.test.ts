/**
 * Test-only code never ships in a store build: the background's test hooks, the engine's fault
 * switches and Firefox's storage preset are compiled in by the test variants' build flags only
 * (scripts/make-test-build.ts, scripts/make-firefox-build.ts). Read from the built files, both
 * variants of both browsers: the markers must be in the test build (so this test looks for the
 * right thing) and nowhere in the store build. And the scripts that run in a page, in every
 * build, take no switch from the page's storage (scripts/bundle-extension-scripts.ts,
 * `pageScripts`).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXTENSION_DIR, TEST_EXTENSION_DIR } from "../../../harness/browser/chromium";
import { FIREFOX_DIR, FIREFOX_TEST_DIR } from "../../../harness/browser/firefox";

/** Strings only test-only code contains: the hooks' global and methods, the fault switch's key. */
const CHROME_MARKERS = ["p2pvBackground", "setFastPath", "p2pv-test-storage-fault"];
/** Firefox has no background test hooks (no test tool reaches its event page): a preset file. */
const FIREFOX_MARKERS = ["p2pv-test-storage-fault", "test-preset.json"];

/** Every script of a build, concatenated. */
async function scriptsOf(dir: string): Promise<string> {
  const files = await readdir(dir, { recursive: true });
  const scripts = files.filter((file) => file.endsWith(".js"));
  const texts = await Promise.all(scripts.map((file) => readFile(join(dir, file), "utf8")));
  return texts.join("\n");
}

describe("the store build", () => {
  it.each([
    {
      browser: "Chrome",
      storeDir: EXTENSION_DIR,
      testDir: TEST_EXTENSION_DIR,
      markers: CHROME_MARKERS,
    },
    {
      browser: "Firefox",
      storeDir: FIREFOX_DIR,
      testDir: FIREFOX_TEST_DIR,
      markers: FIREFOX_MARKERS,
    },
  ])(
    "of $browser holds none of the test build's test-only code",
    async ({ storeDir, testDir, markers }) => {
      const [store, test] = await Promise.all([scriptsOf(storeDir), scriptsOf(testDir)]);
      for (const marker of markers) {
        expect(test, `test build has ${marker}`).toContain(marker);
        expect(store, `store build has ${marker}`).not.toContain(marker);
      }
    },
  );
});

describe("the page scripts", () => {
  it.each([EXTENSION_DIR, TEST_EXTENSION_DIR, FIREFOX_DIR, FIREFOX_TEST_DIR])(
    "of %s read nothing from the page's localStorage (no `debug`) and carry no XML DOM",
    async (dir) => {
      for (const script of ["page-hook.js", "page-relay.js"]) {
        const text = await readFile(join(dir, script), "utf8");
        expect(text, `${script}: debug's switch`).not.toContain("localStorage");
        expect(text, `${script}: @xmldom/xmldom`).not.toContain("DOMImplementation");
      }
    },
  );
});
