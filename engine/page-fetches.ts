/**
 * The engine's side of fetching through a page (messaging/page-fetch.ts): an order goes out on a
 * frame's fast-path port, the relay's events come back and drive the core's HttpRequest callbacks.
 * A port that closes fails its fetches; a relay that goes silent for IDLE_MS fails the fetch it
 * owes, so a download never hangs on a page that went away.
 */
import { LoaderError, type HttpRequest } from "../core";
import type { PageFetchEvent, PageFetchOrder } from "../messaging/page-fetch";

/** Silence from the relay after which a fetch counts as failed (the core then decides again). */
const IDLE_MS = 15_000;

interface Pending {
  request: HttpRequest;
  resolve(): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
  headSeen: boolean;
}

export class PortFetches {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly send: (order: PageFetchOrder) => void) {}

  /** Fetches `request` through the page; settles as the core's HttpClient.request does. */
  fetch(request: HttpRequest): Promise<void> {
    if (request.signal.aborted) {
      return Promise.reject(new LoaderError("http-aborted", request.url));
    }
    const fetchId = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.send({ type: "fetch-abort", fetchId });
        this.settle(fetchId, new LoaderError("http-aborted", request.url));
      };
      request.signal.addEventListener("abort", onAbort, { once: true });
      const pending: Pending = {
        request,
        resolve: () => {
          request.signal.removeEventListener("abort", onAbort);
          resolve();
        },
        reject: (error) => {
          request.signal.removeEventListener("abort", onAbort);
          reject(error instanceof Error ? error : new LoaderError("http-network", String(error)));
        },
        timer: this.idleTimer(fetchId),
        headSeen: false,
      };
      this.pending.set(fetchId, pending);
      const { url, range } = request;
      this.send({ type: "fetch", fetchId, url, ...(range === undefined ? {} : { range }) });
    });
  }

  /** One event from the relay (already validated). */
  receive(event: PageFetchEvent): void {
    const pending = this.pending.get(event.fetchId);
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.timer = this.idleTimer(event.fetchId);
    const { request } = pending;
    try {
      switch (event.type) {
        case "fetch-head":
          if (pending.headSeen) throw new LoaderError("http-network", "second response head");
          pending.headSeen = true;
          if (event.status !== 200 && event.status !== 206) {
            throw new LoaderError("http-status", `${String(event.status)} for ${request.url}`);
          }
          request.onResponse({
            status: event.status,
            length: event.length,
            rangeTotal: event.rangeTotal,
            responseUrl: event.responseUrl,
          });
          return;
        case "fetch-chunk":
          if (!pending.headSeen) throw new LoaderError("http-network", "body before head");
          request.onChunk(new Uint8Array(event.bytes));
          return;
        case "fetch-end":
          if (!pending.headSeen) throw new LoaderError("http-network", "end before head");
          this.settle(event.fetchId);
          return;
        case "fetch-fail":
          this.settle(
            event.fetchId,
            new LoaderError(
              event.reason === "aborted" ? "http-aborted" : "http-network",
              request.url,
            ),
          );
      }
    } catch (error) {
      this.send({ type: "fetch-abort", fetchId: event.fetchId });
      this.settle(event.fetchId, error);
    }
  }

  /** The port closed: every fetch on it fails. */
  close(): void {
    for (const [fetchId, pending] of [...this.pending]) {
      this.settle(fetchId, new LoaderError("http-network", `page gone: ${pending.request.url}`));
    }
  }

  private idleTimer(fetchId: number): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      const pending = this.pending.get(fetchId);
      if (!pending) return;
      this.send({ type: "fetch-abort", fetchId });
      this.settle(fetchId, new LoaderError("http-network", `page silent: ${pending.request.url}`));
    }, IDLE_MS);
  }

  private settle(fetchId: number, error?: unknown): void {
    const pending = this.pending.get(fetchId);
    if (!pending) return;
    this.pending.delete(fetchId);
    clearTimeout(pending.timer);
    if (error === undefined) pending.resolve();
    else pending.reject(error);
  }
}
