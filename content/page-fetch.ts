/**
 * The relay's side of the engine's HTTP downloads (messaging/page-fetch.ts): the engine orders a
 * fetch on this frame's fast-path port and the relay makes it here, in the isolated world, with
 * the page's own fetch: Chrome gives content-script fetches the page's origin; Firefox's docs
 * give content scripts the extension's fetch, so the page's window's (`content.fetch`) is used
 * there (firefox-esr 153 held the script's own fetch to the page's CORS rules too:
 * tests/browser/firefox/fetch-proxy.test.ts passes either way, so nothing leans on that).
 * Either way the page's CORS, credentials policy, private-network and redirect rules apply, and
 * the page's own script cannot touch this fetch (Firefox's `content` shows the native one, not
 * whatever the page put in its place). The response streams back in chunks (ArrayBuffers,
 * transferred).
 */
import { parseContentRangeTotal, parseLength } from "../core/http/http-client";
import {
  pageFetchOrderSchema,
  type PageFetchEvent,
  type PageFetchOrder,
} from "../messaging/page-fetch";

/** The fetch a request of the page itself would use, from this content script (see above). */
function pageFetch(): typeof fetch {
  const page = (globalThis as { content?: { fetch?: typeof fetch } }).content;
  const own = page?.fetch;
  // Called as a method of the page's window, as the page would.
  if (page !== undefined && own !== undefined) return (input, init) => own.call(page, input, init);
  return (input, init) => fetch(input, init);
}

export class PageFetcher {
  private readonly running = new Map<number, AbortController>();

  constructor(
    private readonly post: (event: PageFetchEvent, transfer: Transferable[]) => void,
    private readonly fetchImpl: typeof fetch = pageFetch(),
  ) {}

  /** An order from the engine; anything that is not one is ignored. */
  order(data: unknown): void {
    const parsed = pageFetchOrderSchema.safeParse(data);
    if (!parsed.success) return;
    const order = parsed.data;
    if (order.type === "fetch-abort") {
      this.running.get(order.fetchId)?.abort();
      return;
    }
    void this.run(order);
  }

  /** The port is gone: nobody wants the responses any more. */
  abortAll(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private async run(order: Extract<PageFetchOrder, { type: "fetch" }>): Promise<void> {
    const { fetchId, url, range } = order;
    const controller = new AbortController();
    this.running.set(fetchId, controller);
    try {
      // As a player's request: the page's default credentials policy (same-origin cookies only).
      const response = await this.fetchImpl(url, {
        headers: range === undefined ? {} : { Range: range },
        signal: controller.signal,
      });
      this.post(
        {
          type: "fetch-head",
          fetchId,
          status: response.status,
          ...optional("length", parseLength(response.headers.get("content-length"))),
          ...optional("rangeTotal", parseContentRangeTotal(response.headers.get("content-range"))),
          responseUrl: response.url || url,
        },
        [],
      );
      if (response.status !== 200 && response.status !== 206) {
        void response.body?.cancel();
        return;
      }
      const reader = response.body?.getReader();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        const bytes = ownBuffer(chunk.value);
        this.post({ type: "fetch-chunk", fetchId, bytes }, [bytes]);
      }
      this.post({ type: "fetch-end", fetchId }, []);
    } catch {
      const reason = controller.signal.aborted ? "aborted" : "network";
      this.post({ type: "fetch-fail", fetchId, reason }, []);
    } finally {
      this.running.delete(fetchId);
    }
  }
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** The chunk's bytes in an ArrayBuffer of their own (a view may share a larger buffer). */
function ownBuffer(view: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = view;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) {
    return buffer;
  }
  return view.slice().buffer;
}
