/**
 * Commands to one target (the extension's offscreen document) through a browser-level DevTools
 * session. Playwright has no Page for an offscreen document (a "background_page" target it does
 * not attach to) and its CDPSession cannot address a flat child session (it sends no sessionId),
 * so the browser session attaches non-flat and talks to the target with
 * `Target.sendMessageToTarget` (deprecated in the protocol, still served by Chromium 156),
 * matching replies by id.
 */
import type { CDPSession } from "playwright-core";

interface Reply {
  id?: number;
  result?: unknown;
  error?: { message: string };
}

interface Waiter {
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

export class TargetSession {
  private nextId = 1;
  private readonly pending = new Map<number, Waiter>();
  private readonly onMessage = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== this.sessionId) return;
    const reply = JSON.parse(event.message) as Reply;
    if (reply.id !== undefined) this.pending.get(reply.id)?.resolve(reply);
  };
  private readonly onDetached = (event: { sessionId: string }) => {
    if (event.sessionId !== this.sessionId) return;
    for (const waiter of this.pending.values()) waiter.reject(new Error("the target went away"));
  };

  private constructor(
    private readonly browserSession: CDPSession,
    readonly targetId: string,
    private readonly sessionId: string,
  ) {
    browserSession.on("Target.receivedMessageFromTarget", this.onMessage);
    browserSession.on("Target.detachedFromTarget", this.onDetached);
  }

  static async attach(browserSession: CDPSession, targetId: string): Promise<TargetSession> {
    const { sessionId } = await browserSession.send("Target.attachToTarget", {
      targetId,
      flatten: false,
    });
    return new TargetSession(browserSession, targetId, sessionId);
  }

  /** A command in the target: its result, or an error naming it (also after `timeoutMs`). */
  async call(method: string, params: object, timeoutMs: number): Promise<unknown> {
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    const replied = new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      timer = setTimeout(() => {
        reject(new Error(`${method}: no reply in ${String(timeoutMs)} ms`));
      }, timeoutMs);
    });
    // Rejected while the send is still under way is not unhandled: it is awaited below.
    replied.catch(() => undefined);
    try {
      const message = JSON.stringify({ id, method, params });
      await this.browserSession.send("Target.sendMessageToTarget", {
        sessionId: this.sessionId,
        message,
      });
      const reply = await replied;
      if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
      return reply.result;
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
    }
  }

  /** Stops listening; detaches from the target if it is still there. */
  async detach(): Promise<void> {
    this.browserSession.off("Target.receivedMessageFromTarget", this.onMessage);
    this.browserSession.off("Target.detachedFromTarget", this.onDetached);
    await this.browserSession
      .send("Target.detachFromTarget", { sessionId: this.sessionId })
      .catch(() => undefined);
  }
}
