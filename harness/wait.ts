import { createHash } from "node:crypto";

export const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

export const sha256 = (data: ArrayBuffer | Uint8Array | undefined) =>
  createHash("sha256")
    .update(new Uint8Array(data ?? new ArrayBuffer(0)))
    .digest("hex");

/** Polls `condition` every 50 ms; rejects naming `what` after `ms`. */
export async function waitUntil(condition: () => boolean, ms: number, what: string) {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
