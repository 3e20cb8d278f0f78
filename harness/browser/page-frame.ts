/**
 * A real page of a site, with the extension's relay in it, driven from a test: it sends relay
 * messages with window.postMessage envelopes exactly as the page hook (or any page script) does.
 * Unlike the driver's made-up senders, the frame is real: the relay opens its fast path, so the
 * engine can fetch through this page (messaging/page-fetch.ts).
 */
import type { BrowserContext, Page } from "playwright-core";
import { ENVELOPE_TAG } from "../../hook/relay-envelope";
import type { BackgroundToRelayReply } from "../../messaging/relay-to-background";

/** The path of the blank page every test origin serves (tests/browser/support/stream-fixture). */
export const BLANK_PAGE_PATH = "/p2pv-test-page.html";

export class PageFrame {
  private constructor(readonly page: Page) {}

  /** A page already open (its relay must be there: the site enabled when it loaded). */
  static of(page: Page): PageFrame {
    return new PageFrame(page);
  }

  /** Opens `site`'s blank page in a new tab of `context`. */
  static async open(context: BrowserContext, site: string): Promise<PageFrame> {
    const page = await context.newPage();
    await page.goto(`${site}${BLANK_PAGE_PATH}`);
    return new PageFrame(page);
  }

  /**
   * Sends `message` to the relay and gives the reply, in the background's shape (segment bytes
   * as base64, as Chrome's runtime messages carry them), or
   * `{ok: false, refusal: "engine-unavailable", detail: "timeout"}` after `timeoutMs`.
   */
  relay(message: Record<string, unknown>, timeoutMs = 30_000): Promise<BackgroundToRelayReply> {
    return this.page.evaluate(
      async ({ message, timeoutMs, tag }) => {
        const id = Math.floor(Math.random() * 1e9) + 1e9;
        const reply = await new Promise<Record<string, unknown> | undefined>((resolve) => {
          const timer = setTimeout(() => {
            window.removeEventListener("message", listen);
            resolve(undefined);
          }, timeoutMs);
          const listen = (event: MessageEvent) => {
            const data = event.data as Record<string, unknown> | null;
            if (data?.tag !== tag || data.direction !== "to-hook" || data.id !== id) {
              return;
            }
            clearTimeout(timer);
            window.removeEventListener("message", listen);
            resolve(data.reply as Record<string, unknown>);
          };
          window.addEventListener("message", listen);
          window.postMessage({ tag, direction: "to-relay", id, message }, "*");
        });
        if (reply === undefined) {
          return { ok: false, refusal: "engine-unavailable", detail: "timeout" };
        }
        if (reply.ok !== true) return { ok: false, refusal: reply.error, detail: "" };
        const bytes = reply.bytes;
        if (!(bytes instanceof ArrayBuffer)) return { ok: true, type: reply.type };
        let binary = "";
        const view = new Uint8Array(bytes);
        for (let index = 0; index < view.length; index += 0x8000) {
          binary += String.fromCharCode(...view.subarray(index, index + 0x8000));
        }
        return { ok: true, type: "segment", bytes: { base64: btoa(binary) } };
      },
      { message, timeoutMs, tag: ENVELOPE_TAG },
    ) as Promise<BackgroundToRelayReply>;
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

/**
 * Sends `message` to the relay of `page` and gives its reply as the page got it, with the page
 * code as text: for scripts run by tsx, which renames functions, so a closure passed to
 * `evaluate` (PageFrame.relay) would call a helper the page does not have.
 */
export function relayFromScript(page: Page, message: Record<string, unknown>): Promise<unknown> {
  return page.evaluate(`new Promise((resolve) => {
    addEventListener("message", (event) => {
      if (event.data?.tag === "${ENVELOPE_TAG}" && event.data.id === 1 && event.data.reply) resolve(event.data.reply);
    });
    postMessage({ tag: "${ENVELOPE_TAG}", direction: "to-relay", id: 1, message: ${JSON.stringify(message)} }, "*");
  })`);
}
