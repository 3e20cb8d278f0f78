/**
 * The fast path as tests and the benchmark see it from the service worker: the fallback route's
 * segment counters and the token counts (background), the engine's fast-path counters
 * (engine/status), and the switch that turns the fast path off to measure the fallback.
 */
import type { Worker } from "playwright-core";
import type { BackgroundTestHooks } from "../../../background/test-hooks";
import type { EngineReplyTo } from "../../../messaging/background-to-engine";
import type { FastPathCounters } from "../../../messaging/fast-path";

type WorkerGlobal = typeof globalThis & {
  p2pvBackground: BackgroundTestHooks;
  chrome: { runtime: { getURL(path: string): string } };
};

export type RelayCounts = ReturnType<BackgroundTestHooks["relayCounts"]>;

export class FastPathDriver {
  constructor(private readonly worker: Worker) {}

  /** Segment traffic on the runtime-message route, and tokens issued/redeemed/refused. */
  relayCounts(): Promise<RelayCounts> {
    return this.worker.evaluate(() => (globalThis as WorkerGlobal).p2pvBackground.relayCounts());
  }

  /** The running engine's fast-path counters (undefined if it does not answer). */
  async engineCounters(): Promise<FastPathCounters | undefined> {
    const status = await this.worker.evaluate(
      async () =>
        (await (
          globalThis as WorkerGlobal
        ).p2pvBackground.engineStatus()) as EngineReplyTo<"engine/status">,
    );
    return status.ok ? status.fastPath : undefined;
  }

  setFastPath(on: boolean): Promise<void> {
    return this.worker.evaluate((on) => {
      (globalThis as WorkerGlobal).p2pvBackground.setFastPath(on);
    }, on);
  }

  /** The bridge page's URL as the extension names it. */
  bridgeUrl(): Promise<string> {
    return this.worker.evaluate(() =>
      (globalThis as WorkerGlobal).chrome.runtime.getURL("bridge.html"),
    );
  }
}
