/**
 * The build the browser tests load: the production build, plus host permissions for the test
 * hosts inside the network namespace. A viewer grants a site's host permission from the popup;
 * Chromium's permission prompt cannot be answered in headless mode, so the tests start with the
 * loopback and namespace hosts already granted. The engine is bundled again with its test-only
 * fault switches (engine/test-faults.ts: IndexedDB unavailable or full), which the store build
 * leaves out. Nothing else differs.
 */
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { bundleExtensionScripts } from "./bundle-extension-scripts";

const from = "build/chrome-mv3-prod";
const to = "build/chrome-mv3-test";
const TEST_HOSTS = ["http://127.0.0.1/*", "http://198.18.0.1/*", "http://198.18.0.2/*"];

await rm(to, { recursive: true, force: true });
await cp(from, to, { recursive: true });
const manifestPath = `${to}/manifest.json`;
const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
  host_permissions?: string[];
};
manifest.host_permissions = [...(manifest.host_permissions ?? []), ...TEST_HOSTS];
await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
await bundleExtensionScripts(to, { testBuild: true });
console.log(`test build: ${to} (host permissions ${TEST_HOSTS.join(", ")})`);
