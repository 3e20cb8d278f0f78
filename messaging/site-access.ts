/**
 * Which sites the extension may act for, from the viewer's stored choice: nothing before consent;
 * then the sites enabled one by one, or every http(s) site in "everywhere" mode. One rule for the
 * content-script registration, the relay, the fast-path broker and the engine's open ports and
 * swarms (the background reads it: background/site-access.ts; the engine is sent it).
 */

export interface SiteAccess {
  consented: boolean;
  everywhere: boolean;
  /** The sites enabled one by one (kept in "everywhere" mode too, for when it is left). */
  sites: readonly string[];
}

/** Whether the extension may act for `site` (an origin the browser vouched for). */
export const allowsSite = (access: SiteAccess, site: string): boolean =>
  access.consented && (access.everywhere || access.sites.includes(site));
