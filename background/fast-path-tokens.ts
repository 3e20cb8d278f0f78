/**
 * Tokens that bind a fast-path port to a page frame. The background issues one per
 * `relay/open-fast-path`, for the client it took from the browser's MessageSender; the bridge
 * page hands it back with the port, and the service worker redeems it (once, within TTL_MS) for
 * that client. The token is the only link between the port and the site: it never carries the
 * site, and a token that was not issued, already used or expired gives nothing.
 */
import type { EngineClient } from "../messaging/background-to-engine";

const TTL_MS = 15_000;
/** Outstanding tokens at most; the oldest go first (a relay retries with a fresh one). */
const MAX_OUTSTANDING = 256;

export class FastPathTokens {
  private readonly issued = new Map<string, { client: EngineClient; expires: number }>();
  readonly counts = { issued: 0, redeemed: 0, refused: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  issue(client: EngineClient): string {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const token = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    this.prune();
    if (this.issued.size >= MAX_OUTSTANDING) {
      const oldest = this.issued.keys().next().value;
      if (oldest !== undefined) this.issued.delete(oldest);
    }
    this.issued.set(token, { client, expires: this.now() + TTL_MS });
    this.counts.issued++;
    return token;
  }

  /** The client the token was issued to, or undefined; a token works once. */
  redeem(token: string): EngineClient | undefined {
    const entry = this.issued.get(token);
    this.issued.delete(token);
    if (!entry || entry.expires < this.now()) {
      this.counts.refused++;
      return undefined;
    }
    this.counts.redeemed++;
    return entry.client;
  }

  /** Forgets the tokens of a tab that went away. */
  forgetTab(tabId: number): void {
    for (const [token, entry] of [...this.issued]) {
      if (entry.client.tabId === tabId) this.issued.delete(token);
    }
  }

  /** Forgets the tokens of one frame that stopped. */
  forgetFrame(frame: Pick<EngineClient, "tabId" | "frameId">): void {
    for (const [token, { client }] of [...this.issued]) {
      if (client.tabId === frame.tabId && client.frameId === frame.frameId) {
        this.issued.delete(token);
      }
    }
  }

  private prune(): void {
    const now = this.now();
    for (const [token, entry] of [...this.issued]) {
      if (entry.expires < now) this.issued.delete(token);
    }
  }
}
