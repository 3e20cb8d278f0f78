/**
 * The Firefox MV3 package, from the same code as Chrome's (docs/architecture.md, "Browsers"):
 * Plasmo builds the UI pages for firefox-mv3, esbuild the event page (which carries the engine)
 * and the page scripts, and the manifest becomes Firefox's:
 * - `background.scripts` = the event page (Plasmo's service-worker background is dropped);
 * - no `offscreen` permission and no bridge page (Firefox's frame ports are runtime.Ports);
 * - `browser_specific_settings.gecko`: the add-on id, `strict_min_version` 140 (MAIN-world
 *   content scripts need 128, `data_collection_permissions` 140; 142 on Android), and the data
 *   it transmits: trackers and peers learn which stream a viewer's address takes part in
 *   ("browsingActivity", see docs/permissions.md).
 * Then its zip (build/firefox-mv3-prod.zip, written by scripts/deterministic-zip.ts: the same
 * files give the same bytes, which `npm run check:source` relies on), and the test variant
 * build/firefox-mv3-test: the engine's fault switches compiled in, host permissions for the test
 * hosts, and an extension CSP that lets the event page reach the local ws:// tracker (Firefox's
 * default upgrades it).
 */
import { execFileSync } from "node:child_process";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { bundleExtensionScripts } from "./bundle-extension-scripts";
import { zipDirectory } from "./deterministic-zip";

const FIREFOX_DIR = "build/firefox-mv3-prod";
const FIREFOX_TEST_DIR = "build/firefox-mv3-test";
const GECKO_ID = "peercast-video@example.org";
const TEST_HOSTS = ["http://127.0.0.1/*", "http://198.18.0.1/*", "http://198.18.0.2/*"];

interface Manifest {
  permissions?: string[];
  host_permissions?: string[];
  background?: unknown;
  web_accessible_resources?: unknown;
  content_security_policy?: unknown;
  browser_specific_settings?: unknown;
  minimum_chrome_version?: string;
}

async function editManifest(dir: string, edit: (manifest: Manifest) => void): Promise<void> {
  const path = `${dir}/manifest.json`;
  const manifest = JSON.parse(await readFile(path, "utf8")) as Manifest;
  edit(manifest);
  await writeFile(path, JSON.stringify(manifest, null, 2));
}

const plasmo = (...args: string[]) => {
  execFileSync("node_modules/.bin/plasmo", args, { stdio: "inherit" });
};

await rm(FIREFOX_DIR, { recursive: true, force: true });
plasmo("build", "--hoist", "--target=firefox-mv3");
await rm(`${FIREFOX_DIR}/static/background`, { recursive: true, force: true });
if ((await readdir(`${FIREFOX_DIR}/static`)).length === 0)
  await rm(`${FIREFOX_DIR}/static`, { recursive: true });
await editManifest(FIREFOX_DIR, (manifest) => {
  manifest.background = { scripts: ["background.js"] };
  manifest.permissions = (manifest.permissions ?? []).filter((name) => name !== "offscreen");
  delete manifest.web_accessible_resources;
  delete manifest.minimum_chrome_version; // Chrome's; strict_min_version below is Firefox's
  manifest.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: "140.0",
      data_collection_permissions: { required: ["browsingActivity"] },
    },
    // Firefox for Android reads data_collection_permissions from 142 on.
    gecko_android: { strict_min_version: "142.0" },
  };
});
await bundleExtensionScripts(FIREFOX_DIR, { browser: "firefox" });
const zipSize = await zipDirectory(FIREFOX_DIR, `${FIREFOX_DIR}.zip`, (name) =>
  name.endsWith(".map"),
);
console.log(`firefox: ${FIREFOX_DIR}.zip, ${(zipSize / 1e6).toFixed(2)} MB`);

await rm(FIREFOX_TEST_DIR, { recursive: true, force: true });
await cp(FIREFOX_DIR, FIREFOX_TEST_DIR, { recursive: true });
await bundleExtensionScripts(FIREFOX_TEST_DIR, { browser: "firefox", testBuild: true });
await editManifest(FIREFOX_TEST_DIR, (manifest) => {
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...TEST_HOSTS];
  manifest.content_security_policy = {
    extension_pages: "script-src 'self'; object-src 'self'",
  };
});
console.log(`firefox: ${FIREFOX_DIR} (+ .zip), test build ${FIREFOX_TEST_DIR}`);
