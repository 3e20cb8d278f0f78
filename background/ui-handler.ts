/** Messages from the popup and options pages: settings, enabled sites, stats, totals. */
import browser from "webextension-polyfill";
// zod's English messages alone (`zod/locales` is all its locales).
import en from "zod/v4/locales/en.js";
import {
  uiToBackgroundSchema,
  type BackgroundToUiReply,
  type UiState,
} from "../messaging/ui-to-background";
import type { EngineHost } from "./engine-host";
import { isExtensionPage, type BrowserSender } from "./sender-site";
import {
  readConsent,
  readEmbeds,
  readEnabledSites,
  readMode,
  readSettings,
  setEmbed,
  setSiteEnabled,
  writeConsent,
  writeMode,
  writeSettings,
} from "./settings-store";
import type { StatsBoard } from "./stats-board";
import type { TotalsKeeper } from "./totals-keeper";

/** zod's English messages for the error replies (zod/mini sets no locale: "Invalid input"). */
const english = en().localeError;

/** The background's parts the UI reaches. */
export interface UiContext {
  host: EngineHost;
  board: StatsBoard;
  totals: TotalsKeeper;
}

export async function handleUiMessage(
  { host, board, totals }: UiContext,
  message: unknown,
  sender: BrowserSender,
): Promise<BackgroundToUiReply> {
  const extensionOrigin = new URL(browser.runtime.getURL("/")).origin;
  if (!isExtensionPage(sender, { id: browser.runtime.id, origin: extensionOrigin }))
    return { ok: false, error: "not an extension page" };
  const parsed = uiToBackgroundSchema.safeParse(message, { error: english });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "invalid" };
  const ui = parsed.data;
  switch (ui.type) {
    case "ui/get-settings":
      return { ok: true, type: "settings", settings: await readSettings() };
    case "ui/set-settings":
      await writeSettings(ui.settings);
      await host.reconfigure();
      return { ok: true, type: "settings", settings: await readSettings() };
    case "ui/list-sites":
      return { ok: true, type: "sites", sites: await readEnabledSites() };
    case "ui/set-site":
      return { ok: true, type: "sites", sites: await setSiteEnabled(ui.site, ui.enabled) };
    case "ui/set-embed":
      await setEmbed(ui.site, ui.frame, ui.enabled);
      return { ok: true, type: "state", state: await readUiState() };
    case "ui/get-stats":
      return { ok: true, type: "stats", stats: board.get(ui.tabId) };
    case "ui/get-state":
      return { ok: true, type: "state", state: await readUiState() };
    case "ui/set-consent":
      await writeConsent(ui.accepted);
      return { ok: true, type: "state", state: await readUiState() };
    case "ui/set-mode":
      await writeMode(ui.mode);
      return { ok: true, type: "state", state: await readUiState() };
    case "ui/reset":
      await writeSettings({});
      await host.reconfigure();
      return { ok: true, type: "settings", settings: await readSettings() };
    case "ui/get-totals":
      return { ok: true, type: "totals", totals: await totals.view(ui.site) };
    case "ui/reset-totals":
      return { ok: true, type: "totals", totals: await totals.reset(undefined) };
    case "ui/get-cache":
    case "ui/clear-cache": {
      const reply = await host.cache(ui.type === "ui/clear-cache");
      return reply.ok ? { ok: true, type: "cache", cache: reply.cache } : reply;
    }
  }
}

async function readUiState(): Promise<UiState> {
  const [consent, mode, sites, embeds, settings] = await Promise.all([
    readConsent(),
    readMode(),
    readEnabledSites(),
    readEmbeds(),
    readSettings(),
  ]);
  return { consent, mode, sites, embeds, settings };
}
