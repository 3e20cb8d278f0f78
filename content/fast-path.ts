/**
 * The relay's end of the fast path (messaging/fast-path.ts): a port to the engine that carries
 * segment bytes as ArrayBuffers (messaging/frame-port.ts). It asks the background for a token
 * (bound to this frame by the browser's MessageSender) and opens the port with this browser's
 * carrier: in Chrome it embeds the bridge page in a hidden iframe inside a closed shadow root
 * (the page cannot read its URL), posts it the token and one end of a channel, and takes the
 * iframe out again once the engine has bound the port; in Firefox it opens a runtime.Port to the
 * event page and sends the token on it.
 *
 * The engine acknowledges every request at once; a request with no ack within ACK_TIMEOUT_MS
 * means the engine is gone (closed or crashed: a MessagePort has no close event; a runtime.Port
 * that disconnects says so at once): the port is dropped, the request is answered `undefined` so the caller takes the runtime-message route
 * (which restarts the engine), and the next ensure() opens a new port.
 */
import browser from "webextension-polyfill";
import {
  BRIDGE_ATTACH_TYPE,
  BRIDGE_OPEN_TAG,
  BRIDGE_PAGE_PATH,
  FRAME_PORT_NAME,
  type BridgeAttachMessage,
  type BridgeOpenMessage,
  type FastReply,
  type FastRequest,
} from "../messaging/fast-path";
import { messagePortFrame, runtimePortFrame, type FramePort } from "../messaging/frame-port";
import { PendingReplies } from "../messaging/pending-replies";
import { isPageFetchOrder, type PageFetchOrder } from "../messaging/page-fetch";
import type { BackgroundToRelayReply } from "../messaging/relay-to-background";
import { PageFetcher } from "./page-fetch";

const ACK_TIMEOUT_MS = 1000;
const BIND_TIMEOUT_MS = 5000;
const FRAME_LOAD_TIMEOUT_MS = 5000;
/** Beyond the wait the request asked for: an acked answer that never comes is a miss. */
const ANSWER_SLACK_MS = 5000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

/** An answer to one request. */
export type FastAnswer = Exclude<FastReply, { type: "bound" } | { type: "ack" }>;

export class FastPathClient {
  private state: "off" | "opening" | "up" = "off";
  /** The engine's HTTP downloads through this page (content/page-fetch.ts). */
  private readonly fetcher = new PageFetcher((event, transfer) => {
    this.port?.postMessage(event, transfer);
  });

  /**
   * `carrier` opens this browser's kind of port with a token (bridgeCarrier in Chrome,
   * runtimePortCarrier in Firefox); `onUp` is told whenever the port comes up or goes down.
   */
  constructor(
    private readonly carrier: (token: string) => Promise<FramePort | undefined>,
    private readonly onUp: (up: boolean) => void = () => undefined,
  ) {}
  private port: FramePort | undefined;
  /** Requests on the port; undefined settles one for the fallback route. */
  private readonly replies = new PendingReplies<FastAnswer | undefined>();
  /** How long each request asked the engine to wait (for the answer's timer once acked). */
  private readonly waits = new Map<number, number>();
  private retryAt = 0;
  private backoffMs = RETRY_MIN_MS;

  /** True when requests can go over the port. */
  get up(): boolean {
    return this.state === "up";
  }

  /** Opens the fast path unless it is up, opening, or waiting to retry. Never throws. */
  ensure(): void {
    if (this.state !== "off" || Date.now() < this.retryAt) return;
    this.state = "opening";
    void this.open().then((port) => {
      if (port) {
        this.port = port;
        this.state = "up";
        this.backoffMs = RETRY_MIN_MS;
        this.onUp(true);
      } else {
        this.state = "off";
        this.retryAt = Date.now() + this.backoffMs;
        this.backoffMs = Math.min(this.backoffMs * 2, RETRY_MAX_MS);
      }
    });
  }

  /**
   * Sends a request over the port under a fresh id (the request's own id is replaced), with
   * `transfer` transferred. Undefined means the fast path
   * is not up or broke before the engine took the request: use the fallback route.
   */
  send(request: FastRequest, transfer: Transferable[] = []): Promise<FastAnswer | undefined> {
    const port = this.port;
    if (this.state !== "up" || !port) return Promise.resolve(undefined);
    const { id, reply } = this.replies.open({
      ms: ACK_TIMEOUT_MS,
      onExpire: () => {
        this.broken(true);
      },
    });
    this.waits.set(id, request.type === "get-segment" ? request.waitMs : 0);
    port.postMessage({ ...request, id }, transfer);
    return reply.finally(() => this.waits.delete(id));
  }

  /** Drops the port for good (the page's player stopped). */
  close(): void {
    this.broken(false);
    this.retryAt = Number.POSITIVE_INFINITY;
  }

  private receive(data: FastReply | PageFetchOrder): void {
    if (isPageFetchOrder(data)) {
      this.fetcher.order(data);
      return;
    }
    const reply = data;
    if (reply.type === "bound") return;
    if (reply.type === "ack") {
      // Acknowledged: the engine has it; an answer that never comes is a miss.
      this.replies.extend(reply.id, {
        ms: (this.waits.get(reply.id) ?? 0) + ANSWER_SLACK_MS,
        onExpire: (id) => this.replies.settle(id, { type: "miss", id }),
      });
      return;
    }
    this.replies.settle(reply.id, reply);
  }

  /**
   * The engine is gone: unacked requests go to the fallback. With `reopen`, a port to the next
   * engine is opened at once (the request that took the fallback starts that engine): the engine
   * downloads through this page only while it has a port here.
   */
  private broken(reopen: boolean): void {
    this.fetcher.abortAll();
    this.port?.close();
    this.port = undefined;
    if (this.state === "up") {
      this.state = "off";
      this.onUp(false);
    }
    this.retryAt = 0;
    this.replies.settleAll(undefined);
    if (reopen) this.ensure();
  }

  /** A bound port, or undefined (refused, no engine, no carrier). */
  private async open(): Promise<FramePort | undefined> {
    try {
      const reply = await browser.runtime.sendMessage<unknown, BackgroundToRelayReply>({
        type: "relay/open-fast-path",
      });
      if (!reply.ok || reply.type !== "fast-path") return undefined;
      const port = await this.carrier(reply.token);
      if (!port) return undefined;
      port.onMessage((data) => {
        this.receive(data as FastReply | PageFetchOrder);
      });
      // The engine's end went away (Firefox: the event page was suspended while nothing played).
      // The port is opened again by the hook's next request, not now: reopening at once would
      // wake the page only for it to sleep again.
      port.onClose(() => {
        if (this.port === port) this.broken(false);
      });
      return port;
    } catch {
      return undefined;
    }
  }
}

/**
 * Chrome's carrier: a MessagePort through the bridge page and the service worker to the
 * offscreen document; bound, or undefined.
 */
export async function bridgeCarrier(token: string): Promise<FramePort | undefined> {
  const bridge = await bridgeFrame();
  const channel = new MessageChannel();
  const port = messagePortFrame(channel.port1);
  const bound = whenBound(port);
  const open: BridgeOpenMessage = { tag: BRIDGE_OPEN_TAG, token };
  bridge.iframe.contentWindow?.postMessage(open, extensionOrigin(), [channel.port2]);
  const ok = await bound;
  // Bound or not, the bridge has done its work: the port lives on in the engine, so the page
  // keeps no element of ours (each new port loads a new bridge, in a few ms).
  bridge.host.remove();
  if (ok) return port;
  port.close();
  return undefined;
}

/**
 * Firefox's carrier: a runtime.Port to the event page that hosts the engine (the browser tells
 * the background which frame opened it; the token says the background issued it one); bound,
 * or undefined.
 */
export async function runtimePortCarrier(token: string): Promise<FramePort | undefined> {
  const port = runtimePortFrame(browser.runtime.connect({ name: FRAME_PORT_NAME }));
  const bound = whenBound(port);
  const attach: BridgeAttachMessage = { type: BRIDGE_ATTACH_TYPE, token };
  port.postMessage(attach);
  if (await bound) return port;
  port.close();
  return undefined;
}

/**
 * The origin the bridge document has. With use_dynamic_url the iframe's src names a per-session
 * id, but the document it loads has the extension's own origin; posting the token to that exact
 * origin means it never reaches a page the iframe might have been navigated to.
 */
function extensionOrigin(): string {
  const base = new URL(browser.runtime.getURL(""));
  return base.protocol === "chrome-extension:"
    ? `chrome-extension://${browser.runtime.id}`
    : base.origin;
}

/** True once the engine says `bound`; false if refused, closed or after BIND_TIMEOUT_MS. */
function whenBound(port: FramePort): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      resolve(false);
    }, BIND_TIMEOUT_MS);
    port.onMessage((data) => {
      clearTimeout(timer);
      resolve((data as { type?: unknown } | null)?.type === "bound");
    });
    port.onClose(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/**
 * The hidden bridge iframe, loaded, inside a closed shadow root (the page cannot read its URL)
 * of a plain element on the document element. The element has no name of ours and is removed as
 * soon as the port is bound; a page that watches the DOM still sees a div come and go.
 */
function bridgeFrame(): Promise<{ host: HTMLElement; iframe: HTMLIFrameElement }> {
  return new Promise((resolve, reject) => {
    const host = document.createElement("div");
    host.style.setProperty("display", "none", "important");
    const iframe = document.createElement("iframe");
    iframe.src = browser.runtime.getURL(BRIDGE_PAGE_PATH);
    iframe.tabIndex = -1;
    iframe.setAttribute("aria-hidden", "true");
    const timer = setTimeout(() => {
      host.remove();
      reject(new Error("the bridge page did not load"));
    }, FRAME_LOAD_TIMEOUT_MS);
    iframe.addEventListener(
      "load",
      () => {
        clearTimeout(timer);
        resolve({ host, iframe });
      },
      { once: true },
    );
    host.attachShadow({ mode: "closed" }).append(iframe);
    document.documentElement.append(host);
  });
}
