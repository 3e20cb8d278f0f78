/**
 * The background, the same in every browser: settings, per-site enablement, the engine's
 * lifecycle, routing, the toolbar badge and the lifetime totals. What differs between browsers
 * is injected by the entry point (background/index.ts for Chrome's service worker,
 * background/event-page.ts for Firefox's event page): how the engine runs, and how a frame's
 * port reaches it.
 */
import browser, { type Runtime, type Tabs } from "webextension-polyfill";
import type { RuntimeBytes } from "../messaging/bytes";
import { STORAGE_KEYS } from "../messaging/stored-settings";
import type { SiteAccess } from "../messaging/site-access";
import { browserCommandPorts } from "./command-ports";
import { watchContentScripts, type SitePattern } from "./content-scripts";
import { EngineHost, type EngineLauncher } from "./engine-host";
import { FastPathTokens } from "./fast-path-tokens";
import "./first-run";
import { FrameRateLimit } from "../messaging/frame-rate-limit";
import { handleRelayMessage, type RelayContext } from "./relay-handler";
import type { BrowserSender } from "./sender-site";
import { TOGGLE_SITE_COMMAND } from "../messaging/commands";
import { runSiteCommand, type SiteCommandOutcome } from "./site-command";
import { readSiteAccess, SITE_ACCESS_KEYS } from "./site-access";
import { StatsBoard } from "./stats-board";
import { TotalsKeeper } from "./totals-keeper";
import { handleUiMessage } from "./ui-handler";

/** The browser's half of the background. */
export interface BrowserSeam {
  engine: EngineLauncher;
  /** A runtime Port another context opened: the seam takes what is its own, else ignores it. */
  connected(port: Runtime.Port, background: Background): void;
  /** A site's content-script match pattern (Chrome's take a port, Firefox's cannot). */
  sitePattern: SitePattern;
  /** The host permission a site is switched on with (messaging/site-access.ts permissionPattern). */
  permissionPattern: (site: string) => string;
  /** How this browser's runtime messages carry segment bytes (messaging/bytes.ts). */
  runtimeBytes: RuntimeBytes;
}

/** The parts of a running background (the seam and the test build's hooks use them). */
export interface Background {
  host: EngineHost;
  board: StatsBoard;
  totals: TotalsKeeper;
  relay: RelayContext;
  route(message: unknown, sender: BrowserSender): Promise<unknown> | undefined;
  /** Runs the keyboard shortcut for `tab`, as a press of it does (the test hooks call it). */
  siteCommand(tab: Tabs.Tab | undefined): Promise<SiteCommandOutcome>;
}

/** Starts the background with `seam`; listeners are registered synchronously, as MV3 requires. */
export function startBackground(seam: BrowserSeam): Background {
  const board = new StatsBoard();
  const totals = new TotalsKeeper({
    read: async () => (await browser.storage.local.get(STORAGE_KEYS.totals))[STORAGE_KEYS.totals],
    write: (record) => browser.storage.local.set({ [STORAGE_KEYS.totals]: record }),
  });
  const host = new EngineHost(seam.engine, (tabs, engineTotals) => {
    board.update(tabs);
    totals.report(engineTotals);
  });
  const relay: RelayContext = {
    host,
    tokens: new FastPathTokens(),
    fastPathOn: true,
    runtimeBytes: seam.runtimeBytes,
    counts: { gets: 0, hits: 0, puts: 0 },
    rate: new FrameRateLimit(),
  };

  /** Routes by the message's type prefix; each handler checks the sender itself. */
  const route = (message: unknown, sender: BrowserSender): Promise<unknown> | undefined => {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== "string") return undefined;
    if (type.startsWith("relay/")) return handleRelayMessage(relay, message, sender);
    if (type.startsWith("ui/")) return handleUiMessage({ host, board, totals }, message, sender);
    return undefined;
  };

  // The site access as stored, kept here so the keyboard shortcut can decide without awaiting
  // (a permission request must start inside the command's user gesture).
  let access: SiteAccess | undefined;
  void readSiteAccess().then((read) => {
    access ??= read;
  });
  const commandPorts = browserCommandPorts(
    () => access,
    seam.permissionPattern,
    (tabId) => board.badgeText(tabId),
  );
  const siteCommand = (tab: Tabs.Tab | undefined) => runSiteCommand(commandPorts, tab);
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== TOGGLE_SITE_COMMAND) return;
    void siteCommand(tab).catch((error: unknown) => {
      console.warn("keyboard shortcut failed", error);
    });
  });
  const background: Background = { host, board, totals, relay, route, siteCommand };

  browser.runtime.onConnect.addListener((port) => {
    seam.connected(port, background);
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    route(message, sender),
  );

  // A site the viewer disables (or consent withdrawn, or "everywhere" left) loses its swarms and
  // fast-path ports at once; runtime messages are checked one by one anyway.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && SITE_ACCESS_KEYS.some((key) => key in changes)) {
      void readSiteAccess().then((read) => {
        access = read;
        return host.keepSites(read);
      });
    }
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    board.forget(tabId);
    relay.tokens.forgetTab(tabId);
    void host.releaseTab(tabId);
  });

  watchContentScripts(seam.sitePattern);
  return background;
}
