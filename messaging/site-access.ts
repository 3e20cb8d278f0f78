/**
 * Which sites the extension may act for, from the viewer's stored choice: nothing before consent;
 * then the sites enabled one by one, or every http(s) site in "everywhere" mode; and, on an
 * enabled site's pages, the frames of the origins the viewer allowed it to embed. One rule for
 * the content-script registration, the relay, the fast-path broker and the engine's open ports
 * and swarms (the background reads it: background/site-access.ts; the engine is sent it).
 */

export interface SiteAccess {
  consented: boolean;
  everywhere: boolean;
  /** The sites enabled one by one (kept in "everywhere" mode too, for when it is left). */
  sites: readonly string[];
  /** Per enabled site, the origins of embedded players shared on its pages (stored-settings.ts). */
  embeds: Readonly<Record<string, readonly string[]>>;
}

/** The embedded origins that count: those of the sites enabled one by one, each once. */
export function embeddedOrigins(access: Pick<SiteAccess, "sites" | "embeds">): string[] {
  return [...new Set(access.sites.flatMap((site) => access.embeds[site] ?? []))];
}

/** Every origin the extension acts for, site by site: the sites on and the players they embed. */
export function originsInUse(access: Pick<SiteAccess, "sites" | "embeds">): string[] {
  return [...access.sites, ...embeddedOrigins(access)];
}

/**
 * Whether the extension may act for a frame of `frameSite` in a tab showing `topSite` (both
 * origins the browser vouched for; `topSite` undefined when the browser did not say): the
 * frame's site is on, or it is one the top site is allowed to embed and the top site is on.
 */
export function allowsFrame(
  access: SiteAccess,
  frameSite: string,
  topSite: string | undefined,
): boolean {
  if (!access.consented) return false;
  if (access.everywhere || access.sites.includes(frameSite)) return true;
  return (
    topSite !== undefined &&
    access.sites.includes(topSite) &&
    (access.embeds[topSite] ?? []).includes(frameSite)
  );
}

/** allowsFrame for a frame as the background knows it (its site and its tab's top site). */
export const allowsClient = (
  access: SiteAccess,
  client: { site: string; topSite?: string | undefined },
): boolean => allowsFrame(access, client.site, client.topSite);

/**
 * Whether the extension may act for `site` in some tab: allowsFrame for a site whose tab is not
 * known (a bound port, a swarm). The frame itself was checked with allowsFrame when it asked.
 */
export const allowsSite = (access: SiteAccess, site: string): boolean =>
  access.consented &&
  (access.everywhere || access.sites.includes(site) || embeddedOrigins(access).includes(site));

const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

/**
 * The match pattern of exactly one site (an origin), for the content-script registration in
 * Chrome. Its port is always written out: a pattern without one matches every port of the host,
 * so the hook would be injected into pages of other origins whose relay messages are then
 * refused.
 */
export function originPattern(site: string): string {
  const url = new URL(site);
  const port = url.port === "" ? (DEFAULT_PORTS[url.protocol] ?? "") : url.port;
  return `${url.protocol}//${url.hostname}${port === "" ? "" : `:${port}`}/*`;
}

/**
 * The match pattern for a site in Firefox, whose match patterns take no port (one with a port
 * is accepted and then matches nothing): every port of the host. A page of another origin on the
 * same host gets the hook, and its relay messages are refused (allowsSite checks the origin).
 */
export function hostPattern(site: string): string {
  const url = new URL(site);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * The host permission asked for a site when the viewer switches it on (the popup, the keyboard
 * shortcut). Chrome's: the origin's pages. Firefox's: the host's, every port, since it grants a
 * pattern with a port and then matches no page with it (the hook would never run on the site).
 */
export function permissionPattern(site: string, firefox: boolean): string {
  return firefox ? hostPattern(site) : `${site}/*`;
}
