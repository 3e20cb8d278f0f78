/**
 * The page hook and its relay run only where the viewer switched the extension on, and only after
 * the viewer accepted sharing on the first-run page: they are registered with chrome.scripting
 * for the enabled sites (or every site in "everywhere" mode)
 * and re-registered whenever that choice changes. Scripts reach a site only if the browser also
 * granted the extension's host permission for it (asked by the popup when the viewer enables it).
 */
import browser from "webextension-polyfill";
import { originPattern, originsInUse, type SiteAccess } from "../messaging/site-access";
import { readSiteAccess, SITE_ACCESS_KEYS } from "./site-access";

/** Built next to the manifest by scripts/bundle-extension-scripts.ts. */
export const PAGE_HOOK_FILE = "page-hook.js";
export const PAGE_RELAY_FILE = "page-relay.js";
const HOOK_ID = "p2pv-page-hook";
const RELAY_ID = "p2pv-page-relay";

/** A site's match pattern in this browser (messaging/site-access.ts has both). */
export type SitePattern = (site: string) => string;

/**
 * The viewer's choice as match patterns: none before consent; then the enabled origins and the
 * players they embed, or every http(s) page in "everywhere" mode. A registration cannot say "only
 * in frames of that site's pages": an embedded origin's pages get the hook wherever they load,
 * and the background refuses its relay unless the tab shows a site that embeds it.
 */
export function matchPatterns(access: SiteAccess, pattern: SitePattern = originPattern): string[] {
  if (!access.consented) return [];
  if (access.everywhere) return ["http://*/*", "https://*/*"];
  return [...new Set(originsInUse(access).map(pattern))];
}

let syncing = Promise.resolve();

/** Brings the registered scripts in line with the stored choice (calls are serialised). */
export function syncContentScripts(pattern: SitePattern = originPattern): Promise<void> {
  const apply = () => applyPatterns(pattern);
  syncing = syncing.then(apply, apply);
  return syncing;
}

async function applyPatterns(pattern: SitePattern): Promise<void> {
  const matches = matchPatterns(await readSiteAccess(), pattern);
  const registered = await browser.scripting.getRegisteredContentScripts({
    ids: [HOOK_ID, RELAY_ID],
  });
  if (registered.length > 0) {
    await browser.scripting.unregisterContentScripts({
      ids: registered.map((script) => script.id),
    });
  }
  if (matches.length === 0) return;
  const common = {
    matches,
    runAt: "document_start" as const,
    allFrames: true,
    persistAcrossSessions: true,
  };
  await browser.scripting.registerContentScripts([
    { id: HOOK_ID, js: [PAGE_HOOK_FILE], world: "MAIN", ...common },
    { id: RELAY_ID, js: [PAGE_RELAY_FILE], world: "ISOLATED", ...common },
  ]);
}

/** Keeps the registration in step with storage from now on. */
export function watchContentScripts(pattern: SitePattern = originPattern): void {
  void syncContentScripts(pattern);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== "local") return;
    if (SITE_ACCESS_KEYS.some((key) => key in changes)) {
      void syncContentScripts(pattern);
    }
  });
}
