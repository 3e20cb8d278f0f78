/**
 * The cost of the extension's engine host in one viewer's browser, through the DevTools
 * protocol on the browser target: the offscreen document's main-thread CPU time and JS heap
 * (Performance.getMetrics on its target, reached with Target.attachToTarget) and the extension
 * process as a whole (SystemInfo.getProcessInfo CPU time; resident memory from /proc). The
 * extension process also runs the service worker, so its figures are an upper bound for the engine.
 */
import { readFile } from "node:fs/promises";
import type { BrowserContext, CDPSession } from "playwright-core";
import { TargetSession } from "./target-session.js";

/** The extension's process as a whole (Chromium: offscreen document + service worker). */
export interface ProcessMetrics {
  /** CPU time of the extension's process, ms. */
  extensionProcessCpuMs: number;
  /** Resident memory of that process, bytes (0 where /proc is not readable). */
  extensionProcessRssBytes: number;
}

export interface EngineMetrics extends ProcessMetrics {
  /** CPU time of the offscreen document's main thread, ms. */
  engineThreadCpuMs: number;
  /** Used JS heap of the offscreen document, bytes. */
  engineJsHeapBytes: number;
}

/** Resident set size of `pid` in bytes, from /proc (Linux). */
async function rssBytes(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${String(pid)}/status`, "utf8");
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kib === undefined ? 0 : Number(kib) * 1024;
  } catch {
    return 0;
  }
}

async function isExtensionProcess(pid: number): Promise<boolean> {
  try {
    const cmdline = await readFile(`/proc/${String(pid)}/cmdline`, "utf8");
    return cmdline.includes("--extension-process");
  } catch {
    return false;
  }
}

export class EngineMetricsProbe {
  private session: CDPSession | undefined;
  private attached: TargetSession | undefined;
  private extensionPid: number | undefined;

  constructor(private readonly context: BrowserContext) {}

  /** The latest figures, or undefined while the engine's document does not exist. */
  async sample(): Promise<EngineMetrics | undefined> {
    const session = await this.browserSession();
    if (session === undefined) return undefined;
    const { targetInfos } = await session.send("Target.getTargets");
    const target = targetInfos.find((info) => info.url.endsWith("/offscreen.html"));
    if (target === undefined) return undefined;
    if (this.attached?.targetId !== target.targetId) {
      await this.attached?.detach();
      this.attached = await TargetSession.attach(session, target.targetId);
      await this.call("Performance.enable");
    }
    const result = (await this.call("Performance.getMetrics")) as
      { metrics?: { name: string; value: number }[] } | undefined;
    const metrics = new Map(
      (result?.metrics ?? []).map((metric) => [metric.name, metric.value] as const),
    );
    const process = await this.extensionProcess(session);
    return {
      engineThreadCpuMs: (metrics.get("ThreadTime") ?? 0) * 1000,
      engineJsHeapBytes: metrics.get("JSHeapUsedSize") ?? 0,
      extensionProcessCpuMs: process.cpuMs,
      extensionProcessRssBytes: process.rss,
    };
  }

  /** Forces a garbage collection in the offscreen document (once sample() has attached to it). */
  async collectGarbage(): Promise<void> {
    await this.call("HeapProfiler.collectGarbage");
  }

  async close(): Promise<void> {
    await this.session?.detach().catch(() => undefined);
    this.session = undefined;
    this.attached = undefined;
  }

  private async browserSession(): Promise<CDPSession | undefined> {
    if (this.session) return this.session;
    const browser = this.context.browser();
    if (browser === null) return undefined;
    this.session = await browser.newBrowserCDPSession();
    return this.session;
  }

  /** One command to the attached offscreen document: its result, or undefined (none in 5 s). */
  private call(method: string): Promise<unknown> {
    return this.attached?.call(method, {}, 5000).catch(() => undefined) ?? Promise.resolve();
  }

  private async extensionProcess(session: CDPSession): Promise<{ cpuMs: number; rss: number }> {
    const { processInfo } = await session.send("SystemInfo.getProcessInfo");
    if (this.extensionPid === undefined) {
      for (const info of processInfo) {
        if (info.type === "renderer" && (await isExtensionProcess(info.id))) {
          this.extensionPid = info.id;
          break;
        }
      }
    }
    const info = processInfo.find((candidate) => candidate.id === this.extensionPid);
    if (info === undefined) return { cpuMs: 0, rss: 0 };
    return { cpuMs: info.cpuTime * 1000, rss: await rssBytes(info.id) };
  }
}
