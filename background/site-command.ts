/**
 * The keyboard shortcut (manifest `commands`, "toggle-site"): switches the current tab's site on
 * or off, as the popup's switch does.
 *
 * Switching a site on needs its host permission, which the browser grants only during a user
 * gesture. A command is one (Firefox lists `commands.onCommand` among the user actions; Chrome
 * dispatches it with a user gesture), but only until the handler first awaits: so the request
 * starts synchronously, from the site access the background already holds. When it does not
 * hold it yet (the service worker was woken by this very command), or the browser refuses to ask,
 * the shortcut opens the popup instead (action.openPopup, Chrome 127+ and Firefox), whose switch
 * is one click away. Without consent it opens the first-run page; in "everywhere" mode, where
 * there is no per-site switch, the popup.
 */
import { originsInUse, type SiteAccess } from "../messaging/site-access";

/** What a press of the shortcut did (the unit tests and the test hooks read it). */
export type SiteCommandOutcome =
  "on" | "off" | "refused" | "popup" | "welcome" | "not-a-site" | "everywhere";

/** What the handler may touch; the background passes the browser's, the tests fakes. */
export interface SiteCommandPorts {
  /** The stored site access, if the background has read it (undefined while it loads). */
  access(): SiteAccess | undefined;
  /** The host permission pattern for a site, in this browser. */
  pattern(site: string): string;
  /** permissions.request; rejects when the browser will not ask (no user gesture). */
  request(pattern: string): Promise<boolean>;
  /** permissions.remove. */
  release(pattern: string): Promise<unknown>;
  setSiteEnabled(site: string, enabled: boolean): Promise<string[]>;
  /** action.openPopup; rejects where the browser does not allow it. */
  openPopup(): Promise<void>;
  openWelcome(): Promise<void>;
  /** Shows the outcome on the tab's toolbar button for a moment. */
  flash(tabId: number, text: string): void;
}

/** The origin of an http(s) page, else undefined (the browser's own pages, files, the store). */
export function siteOfUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

interface CommandTab {
  id?: number;
  url?: string;
}

/**
 * Runs the shortcut for `tab` (the active tab the command names; activeTab lets us read its URL).
 * Everything that needs the gesture (the permission request, opening the popup) starts before the
 * first await.
 */
export function runSiteCommand(
  ports: SiteCommandPorts,
  tab: CommandTab | undefined,
): Promise<SiteCommandOutcome> {
  const site = siteOfUrl(tab?.url);
  if (site === undefined) return Promise.resolve("not-a-site");
  const access = ports.access();
  if (access === undefined) return popup(ports, "popup");
  if (!access.consented) return ports.openWelcome().then(() => "welcome" as const);
  if (access.everywhere) return popup(ports, "everywhere");
  const flash = (outcome: "on" | "off") => {
    if (tab?.id !== undefined) ports.flash(tab.id, outcome === "on" ? "ON" : "OFF");
    return outcome;
  };
  if (access.sites.includes(site)) {
    return switchOff(ports, site, access.embeds).then(() => flash("off"));
  }
  const asked = ports.request(ports.pattern(site));
  return switchOn(ports, site, asked).then((outcome) =>
    outcome === "on" ? flash(outcome) : outcome,
  );
}

async function switchOff(
  ports: SiteCommandPorts,
  site: string,
  embeds: SiteAccess["embeds"],
): Promise<void> {
  const left = await ports.setSiteEnabled(site, false);
  const pattern = ports.pattern(site);
  // An origin still in use may share the pattern (another enabled site, a player one of them
  // embeds; in Firefox, another port of the same host).
  const inUse = originsInUse({ sites: left, embeds });
  if (!inUse.some((other) => ports.pattern(other) === pattern))
    await ports.release(pattern).catch(() => undefined);
}

async function switchOn(
  ports: SiteCommandPorts,
  site: string,
  asked: Promise<boolean>,
): Promise<SiteCommandOutcome> {
  let granted: boolean;
  try {
    granted = await asked;
  } catch {
    // The browser would not ask from a shortcut: the popup's switch asks inside its click.
    return popup(ports, "popup");
  }
  if (!granted) return "refused";
  await ports.setSiteEnabled(site, true);
  return "on";
}

/** Opens the popup now (synchronously, inside the gesture where there still is one). */
function popup(ports: SiteCommandPorts, outcome: SiteCommandOutcome): Promise<SiteCommandOutcome> {
  return ports
    .openPopup()
    .catch(() => undefined)
    .then(() => outcome);
}
