/**
 * How busy the machine's CPUs were over a stretch of time, from two readings of /proc/stat
 * (Linux): busy = everything but idle and iowait. The benchmark prints it beside each run so a
 * reader can tell a figure measured on a saturated machine from one that was not.
 */
import { readFile } from "node:fs/promises";

export interface CpuTimes {
  busy: number;
  total: number;
}

/** The machine's summed CPU times (jiffies), or undefined where /proc/stat is not there. */
export async function readCpuTimes(): Promise<CpuTimes | undefined> {
  try {
    const line = (await readFile("/proc/stat", "utf8")).split("\n")[0] ?? "";
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0] = fields;
    const steal = fields[7] ?? 0;
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return undefined;
  }
}

/** Busy share (0-1) between two readings; null without both. */
export function busyShare(from: CpuTimes | undefined, to: CpuTimes | undefined): number | null {
  if (from === undefined || to === undefined || to.total <= from.total) return null;
  return (to.busy - from.busy) / (to.total - from.total);
}
