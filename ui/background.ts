/**
 * The UI's one way to the background: typed ui/* messages through runtime.sendMessage. A refusal
 * ({ ok: false }) or a reply of the wrong kind becomes a thrown Error, so callers handle one path.
 */
import browser from "webextension-polyfill";
import { t } from "./i18n";
import type { CacheUsage } from "../core/storage/segments-storage";
import type { TabStats } from "../messaging/engine-to-background";
import type { TotalsView } from "../messaging/lifetime-totals";
import type { StoredSettings } from "../messaging/stored-settings";
import type {
  BackgroundToUiReply,
  UiState,
  UiToBackgroundMessage,
} from "../messaging/ui-to-background";

type Ok = Extract<BackgroundToUiReply, { ok: true }>;
type ReplyOf<K extends Ok["type"]> = Extract<Ok, { type: K }>;

async function send<K extends Ok["type"]>(
  message: UiToBackgroundMessage,
  expected: K,
): Promise<ReplyOf<K>> {
  const reply = await browser.runtime.sendMessage<
    UiToBackgroundMessage,
    BackgroundToUiReply | undefined
  >(message);
  if (reply === undefined) throw new Error(t("errorNoAnswer"));
  if (!reply.ok) throw new Error(reply.error);
  if (reply.type !== expected) throw new Error(`unexpected reply ${reply.type}`);
  return reply as ReplyOf<K>;
}

export const background = {
  state: async (): Promise<UiState> => (await send({ type: "ui/get-state" }, "state")).state,
  setConsent: async (accepted: boolean): Promise<UiState> =>
    (await send({ type: "ui/set-consent", accepted }, "state")).state,
  setMode: async (mode: UiState["mode"]): Promise<UiState> =>
    (await send({ type: "ui/set-mode", mode }, "state")).state,
  settings: async (): Promise<StoredSettings> =>
    (await send({ type: "ui/get-settings" }, "settings")).settings,
  setSettings: async (settings: StoredSettings): Promise<StoredSettings> =>
    (await send({ type: "ui/set-settings", settings }, "settings")).settings,
  reset: async (): Promise<StoredSettings> =>
    (await send({ type: "ui/reset" }, "settings")).settings,
  setSite: async (site: string, enabled: boolean): Promise<string[]> =>
    (await send({ type: "ui/set-site", site, enabled }, "sites")).sites,
  setEmbed: async (site: string, frame: string, enabled: boolean): Promise<UiState> =>
    (await send({ type: "ui/set-embed", site, frame, enabled }, "state")).state,
  stats: async (tabId: number): Promise<TabStats | undefined> =>
    (await send({ type: "ui/get-stats", tabId }, "stats")).stats,
  totals: async (site: string | undefined): Promise<TotalsView> =>
    (await send({ type: "ui/get-totals", ...(site === undefined ? {} : { site }) }, "totals"))
      .totals,
  resetTotals: async (): Promise<TotalsView> =>
    (await send({ type: "ui/reset-totals" }, "totals")).totals,
  cache: async (): Promise<CacheUsage> => (await send({ type: "ui/get-cache" }, "cache")).cache,
  clearCache: async (): Promise<CacheUsage> =>
    (await send({ type: "ui/clear-cache" }, "cache")).cache,
};
