/**
 * Runs in a page or frame with the extension's relay (passed to Playwright's or Puppeteer's
 * `evaluate`, so it closes over nothing): starts the engine as the page hook's warm-up does and
 * resolves once the relay says the engine can answer at once, or rejects after `timeoutMs`. A
 * player started after this asks the engine for every segment; started before, the segments it
 * fetches until the engine is up (2 s at most on an idle machine, far more on a loaded one) go
 * straight to the network, so what a test then sees of the engine would depend on the machine's
 * speed. For a freshly opened page: a relay whose port is up already says nothing more.
 */
export function warmUpInPage({
  tag,
  timeoutMs,
}: {
  tag: string;
  timeoutMs: number;
}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      window.removeEventListener("message", onMessage);
      reject(new Error(`the engine was not ready after ${String(timeoutMs)} ms`));
    }, timeoutMs);
    function onMessage(event: MessageEvent) {
      const data = event.data as Record<string, unknown> | null;
      if (data?.tag !== tag || data.direction !== "to-hook" || data.engineReady !== true) return;
      clearTimeout(timer);
      window.removeEventListener("message", onMessage);
      resolve();
    }
    window.addEventListener("message", onMessage);
    const message = { type: "relay/warm-up" };
    window.postMessage({ tag, direction: "to-relay", id: 0, message }, "*");
  });
}
