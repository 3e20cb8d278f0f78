/** The engine's latest per-tab stats, and the toolbar badge that shows a tab's P2P share. */
import browser from "webextension-polyfill";
import { p2pShare, type TabStats } from "../messaging/engine-to-background";

export class StatsBoard {
  private readonly byTab = new Map<number, TabStats>();
  private readonly badges = new Map<number, string>();

  get(tabId: number): TabStats | undefined {
    return this.byTab.get(tabId);
  }

  /** Takes a stats push from the engine and updates the badge of each tab it names. */
  update(tabs: TabStats[]): void {
    for (const stats of tabs) {
      this.byTab.set(stats.tabId, stats);
      const share = p2pShare(stats);
      this.setBadge(stats.tabId, share === undefined ? "" : `${String(Math.round(share))}%`);
    }
  }

  forget(tabId: number): void {
    this.byTab.delete(tabId);
    this.badges.delete(tabId);
  }

  /** The badge text last set for a tab (per-tab badges show on the active tab). */
  badgeText(tabId: number): string | undefined {
    return this.badges.get(tabId);
  }

  private setBadge(tabId: number, text: string): void {
    if (this.badges.get(tabId) === text) return;
    this.badges.set(tabId, text);
    // A tab id the browser does not know (closed meanwhile) is not an error worth reporting.
    void browser.action.setBadgeText({ tabId, text }).catch(() => undefined);
    void browser.action.setBadgeBackgroundColor({ tabId, color: "#1b7f3b" }).catch(() => undefined);
  }
}
