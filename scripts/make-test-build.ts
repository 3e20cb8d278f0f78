/**
 * The build the browser tests load: a real variant of the store build, made by the same Plasmo
 * and esbuild steps with the test flag on, plus host permissions for the test hosts inside the
 * network namespace. The flag compiles in what only tests may reach: the background's test hooks
 * (`PLASMO_PUBLIC_P2PV_TEST_BUILD`, background/test-hooks.ts) and the engine's fault switches
 * (`__P2PV_TEST_BUILD__`, engine/test-faults.ts); the store build has neither
 * (tests/browser/extension/store-build.test.ts). A viewer grants a site's host permission from
 * the popup; Chromium's permission prompt cannot be answered in headless mode, so the tests start
 * with the loopback and namespace hosts already granted. Nothing else differs.
 */
import { execFileSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { bundleExtensionScripts } from "./bundle-extension-scripts";

const to = "build/chrome-mv3-test";
const TEST_HOSTS = ["http://127.0.0.1/*", "http://198.18.0.1/*", "http://198.18.0.2/*"];

await rm(to, { recursive: true, force: true });
execFileSync("node_modules/.bin/plasmo", ["build", "--hoist", "--tag=test"], {
  stdio: "inherit",
  env: { ...process.env, PLASMO_PUBLIC_P2PV_TEST_BUILD: "1" },
});
const manifestPath = `${to}/manifest.json`;
const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
  host_permissions?: string[];
};
manifest.host_permissions = [...(manifest.host_permissions ?? []), ...TEST_HOSTS];
await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
await bundleExtensionScripts(to, { testBuild: true });
console.log(`test build: ${to} (host permissions ${TEST_HOSTS.join(", ")})`);
