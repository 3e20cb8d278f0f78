/**
 * Host permissions, asked for when the viewer switches the extension on. Chrome grants them only
 * during a user gesture: call these synchronously from a click handler, before any await.
 */
import browser from "webextension-polyfill";

export const ALL_SITES = "<all_urls>";

/** The match pattern for one origin's pages. */
export function originPattern(site: string): string {
  return `${site}/*`;
}

/** Asks for access; resolves false when refused (or when the browser refuses to ask). */
export function requestOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins }).catch(() => false);
}

/** Gives back a site's access after it was switched off (best effort; no gesture needed). */
export function releaseOrigin(site: string): Promise<boolean> {
  return browser.permissions.remove({ origins: [originPattern(site)] }).catch(() => false);
}
