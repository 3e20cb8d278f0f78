import { sleep } from "../../../harness/wait";

/** Polls a sync or async condition every 100 ms; rejects naming `what` after `ms`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const start = performance.now();
  while (!(await condition())) {
    if (performance.now() - start > ms)
      throw new Error(`timed out after ${String(ms)} ms waiting for ${what}`);
    await sleep(100);
  }
}
