/**
 * What the end-to-end tests reach through `worker.evaluate` in the service worker: the same
 * routing the browser's onMessage calls, with a sender the test supplies (the tests stand in for
 * the page relay until it exists), and the engine's state. Only code running inside this
 * extension's own service worker can see this global; it grants nothing a page could use.
 */
import browser from "webextension-polyfill";
import type { TabStats } from "../messaging/engine-to-background";
import type { EngineHostState } from "./engine-host";
import type { Background } from "./main";
import type { RelayContext } from "./relay-handler";
import type { BrowserSender } from "./sender-site";
import type { SiteCommandOutcome } from "./site-command";

export interface BackgroundTestHooks {
  route(message: unknown, sender: BrowserSender): Promise<unknown> | undefined;
  state(): EngineHostState;
  engineStatus(): Promise<unknown>;
  badgeText(tabId: number): string | undefined;
  stats(tabId: number): TabStats | undefined;
  /** Segment traffic on the runtime-message (fallback) route, and the fast-path tokens. */
  relayCounts(): {
    fallback: RelayContext["counts"];
    tokens: RelayContext["tokens"]["counts"];
  };
  /** Switches the fast path on or off for relays that open one from now on. */
  setFastPath(on: boolean): void;
  /** Writes the lifetime totals now instead of at the next throttled write. */
  flushTotals(): Promise<void>;
  /** Runs the keyboard shortcut for a tab (by id), as a press of it would (outside a gesture). */
  siteCommand(tabId: number): Promise<SiteCommandOutcome>;
}

export function installTestHooks(parts: Background): void {
  const { relay } = parts;
  const hooks: BackgroundTestHooks = {
    route: (message, sender) => parts.route(message, sender),
    state: () => parts.host.hostState(),
    engineStatus: () => parts.host.request({ type: "engine/status" }),
    badgeText: (tabId) => parts.board.badgeText(tabId),
    stats: (tabId) => parts.board.get(tabId),
    relayCounts: () => ({ fallback: { ...relay.counts }, tokens: { ...relay.tokens.counts } }),
    setFastPath: (on) => {
      relay.fastPathOn = on;
    },
    flushTotals: () => parts.totals.flush(),
    siteCommand: async (tabId) => parts.siteCommand(await browser.tabs.get(tabId)),
  };
  (globalThis as { p2pvBackground?: BackgroundTestHooks }).p2pvBackground = hooks;
}
