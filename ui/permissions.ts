/**
 * Host permissions, asked for when the viewer switches the extension on. Chrome grants them only
 * during a user gesture, and Firefox asks only then: call these synchronously from a click
 * handler, before any await.
 */
import browser from "webextension-polyfill";
import { permissionPattern } from "../messaging/site-access";

export const ALL_SITES = "<all_urls>";

/** Plasmo builds the UI once per browser and sets this (`--target=firefox-mv3`). */
const FIREFOX = process.env.PLASMO_BROWSER === "firefox";

/** The host permission for one site, in this browser (messaging/site-access.ts). */
export function originPattern(site: string): string {
  return permissionPattern(site, FIREFOX);
}

/** Asks for access; resolves false when refused (or when the browser refuses to ask). */
export function requestOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins }).catch(() => false);
}

/**
 * Gives back a site's access after it was switched off (best effort; no gesture needed), unless
 * one of the origins still in use (originsInUse) shares its pattern (in Firefox: another port of
 * the same host).
 */
export function releaseOrigin(site: string, stillEnabled: readonly string[]): Promise<boolean> {
  const pattern = originPattern(site);
  if (stillEnabled.some((other) => originPattern(other) === pattern)) return Promise.resolve(false);
  return browser.permissions.remove({ origins: [pattern] }).catch(() => false);
}
