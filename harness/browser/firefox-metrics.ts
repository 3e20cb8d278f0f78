/**
 * The cost of the extension's engine host in one Firefox viewer, from /proc (Linux): Firefox
 * runs every extension page — here only this extension's event page, which hosts the engine — in
 * one content process it names "WebExtensions" (/proc/<pid>/comm), a descendant of the browser's
 * own process (through the fork server). Its CPU time (utime + stime) and resident memory are the
 * figures; like Chromium's extension process (engine-metrics.ts), an upper bound for the engine.
 * No JS heap or thread figures: no test tool reaches Firefox's extension pages.
 */
import { readdir, readFile } from "node:fs/promises";
import type { ProcessMetrics } from "./engine-metrics.js";

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface ProcEntry {
  pid: number;
  ppid: number;
}

async function processes(): Promise<ProcEntry[]> {
  const entries = await readdir("/proc");
  const found = await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        try {
          const stat = await readFile(`/proc/${entry}/stat`, "utf8");
          // After "pid (comm) ": state, then ppid; comm may hold spaces and parentheses.
          const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
          return [{ pid: Number(entry), ppid }];
        } catch {
          return [];
        }
      }),
  );
  return found.flat();
}

async function comm(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${String(pid)}/comm`, "utf8")).trim();
  } catch {
    return "";
  }
}

/** The "WebExtensions" process under `browserPid`, or undefined while there is none. */
export async function firefoxExtensionPid(browserPid: number): Promise<number | undefined> {
  const all = await processes();
  const mine = new Set([browserPid]);
  for (let grown = true; grown;) {
    grown = false;
    for (const { pid, ppid } of all) {
      if (mine.has(ppid) && !mine.has(pid)) {
        mine.add(pid);
        grown = true;
      }
    }
  }
  for (const pid of mine) {
    if ((await comm(pid)) === "WebExtensions") return pid;
  }
  return undefined;
}

/** CPU time and resident memory of `pid`, or undefined once it is gone. */
export async function processMetrics(pid: number): Promise<ProcessMetrics | undefined> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${String(pid)}/stat`, "utf8"),
      readFile(`/proc/${String(pid)}/status`, "utf8"),
    ]);
    // Fields after the comm: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return {
      extensionProcessCpuMs: (ticks * 1000) / TICKS_PER_SECOND,
      extensionProcessRssBytes: kib === undefined ? 0 : Number(kib) * 1024,
    };
  } catch {
    return undefined;
  }
}

/** Samples one Firefox's extension process (found on the first sample that sees it). */
export class FirefoxEngineMetrics {
  private pid: number | undefined;

  constructor(private readonly browserPid: number | undefined) {}

  async sample(): Promise<ProcessMetrics | undefined> {
    if (this.browserPid === undefined) return undefined;
    this.pid ??= await firefoxExtensionPid(this.browserPid);
    return this.pid === undefined ? undefined : processMetrics(this.pid);
  }
}
