/**
 * Background context (the MV3 service worker in Chrome): settings, per-site enablement, the
 * engine's lifecycle (an offscreen document), routing and the toolbar badge.
 */
import browser, { type Runtime } from "webextension-polyfill";
import { watchContentScripts } from "./content-scripts";
import { EngineHost } from "./engine-host";
import "./first-run";
import { handleRelayMessage } from "./relay-handler";
import type { BrowserSender } from "./sender-site";
import { StatsBoard } from "./stats-board";
import { installTestHooks } from "./test-hooks";
import { handleUiMessage } from "./ui-handler";

const board = new StatsBoard();
const host = new EngineHost((tabs) => {
  board.update(tabs);
});

browser.runtime.onConnect.addListener((port) => {
  host.accept(port);
});

/** Routes by the message's type prefix; each handler checks the sender itself. */
function route(message: unknown, sender: BrowserSender): Promise<unknown> | undefined {
  const type = (message as { type?: unknown } | null)?.type;
  if (typeof type !== "string") return undefined;
  if (type.startsWith("relay/")) return handleRelayMessage(host, message, sender);
  if (type.startsWith("ui/")) return handleUiMessage(host, board, message, sender);
  return undefined;
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  route(message, sender),
);

browser.tabs.onRemoved.addListener((tabId) => {
  board.forget(tabId);
  void host.releaseTab(tabId);
});

watchContentScripts();

installTestHooks({ host, board, route });
