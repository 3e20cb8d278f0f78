/**
 * Background context (the MV3 service worker in Chrome): settings, per-site enablement, the
 * engine's lifecycle (an offscreen document), routing, the toolbar badge and the lifetime totals.
 */
import browser, { type Runtime } from "webextension-polyfill";
import { STORAGE_KEYS } from "../messaging/stored-settings";
import { watchContentScripts } from "./content-scripts";
import { EngineHost } from "./engine-host";
import { FastPathBroker } from "./fast-path-broker";
import { FastPathTokens } from "./fast-path-tokens";
import "./first-run";
import { FrameRateLimit } from "./frame-rate-limit";
import { handleRelayMessage, type RelayContext } from "./relay-handler";
import type { BrowserSender } from "./sender-site";
import { readSiteAccess, SITE_ACCESS_KEYS } from "./site-access";
import { StatsBoard } from "./stats-board";
import { TotalsKeeper } from "./totals-keeper";
import { handleUiMessage } from "./ui-handler";

const board = new StatsBoard();
const totals = new TotalsKeeper({
  read: async () => (await browser.storage.local.get(STORAGE_KEYS.totals))[STORAGE_KEYS.totals],
  write: (record) => browser.storage.local.set({ [STORAGE_KEYS.totals]: record }),
});
const host = new EngineHost((tabs, engineTotals) => {
  board.update(tabs);
  totals.report(engineTotals);
});

const relay: RelayContext = {
  host,
  tokens: new FastPathTokens(),
  fastPathOn: true,
  counts: { gets: 0, hits: 0, puts: 0 },
  rate: new FrameRateLimit(),
};

browser.runtime.onConnect.addListener((port) => {
  host.accept(port);
});

// Registered at the worker's first run, as the platform requires of service worker events.
new FastPathBroker(host, relay.tokens).install();

/** Routes by the message's type prefix; each handler checks the sender itself. */
function route(message: unknown, sender: BrowserSender): Promise<unknown> | undefined {
  const type = (message as { type?: unknown } | null)?.type;
  if (typeof type !== "string") return undefined;
  if (type.startsWith("relay/")) return handleRelayMessage(relay, message, sender);
  if (type.startsWith("ui/")) return handleUiMessage({ host, board, totals }, message, sender);
  return undefined;
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  route(message, sender),
);

// A site the viewer disables (or consent withdrawn, or "everywhere" left) loses its swarms and
// fast-path ports at once; runtime messages are checked one by one anyway.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && SITE_ACCESS_KEYS.some((key) => key in changes)) {
    void readSiteAccess().then((access) => host.keepSites(access));
  }
});

browser.tabs.onRemoved.addListener((tabId) => {
  board.forget(tabId);
  relay.tokens.forgetTab(tabId);
  void host.releaseTab(tabId);
});

watchContentScripts();

// The test build only (`PLASMO_PUBLIC_P2PV_TEST_BUILD=1 plasmo build --tag=test`, see
// scripts/make-test-build.ts): the store build compiles this away.
if (process.env.PLASMO_PUBLIC_P2PV_TEST_BUILD === "1") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would bundle the hooks into the store build (Parcel without scope hoisting keeps unused modules)
  (require("./test-hooks") as typeof import("./test-hooks")).installTestHooks({
    host,
    board,
    route,
    relay,
    totals,
  });
}
