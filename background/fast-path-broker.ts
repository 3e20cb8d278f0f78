/**
 * The service worker's part of the fast path: the bridge page (tabs/bridge.html, inside a tab)
 * posts a port and a token; the token is redeemed for the client the background issued it to
 * (from the relay's MessageSender), the engine is started if needed, and the port goes to the
 * offscreen document with that client attached. A port with a bad token is told so and closed.
 */
import browser from "webextension-polyfill";
import {
  BRIDGE_PAGE_PATH,
  bridgeAttachSchema,
  ENGINE_BIND_TYPE,
  type EngineBindMessage,
  type FastPortRefused,
} from "../messaging/fast-path";
import { ENGINE_DOCUMENT_PATH } from "../messaging/engine-to-background";
import type { EngineHost } from "./engine-host";
import type { FastPathTokens } from "./fast-path-tokens";
import { allowsClient } from "../messaging/site-access";
import { readSiteAccess } from "./site-access";

/** The parts of the service worker's global scope used here (the DOM lib does not type them). */
interface WorkerClient {
  url: string;
  postMessage(message: unknown, transfer: Transferable[]): void;
}
interface WorkerMessageEvent {
  data: unknown;
  ports: readonly MessagePort[];
  source: { url: string } | null;
  waitUntil(promise: Promise<unknown>): void;
}
interface WorkerScope {
  addEventListener(type: "message", listener: (event: WorkerMessageEvent) => void): void;
  clients: { matchAll(options: { includeUncontrolled: boolean }): Promise<WorkerClient[]> };
}

const pathOf = (url: string | undefined): string | undefined => {
  try {
    return url === undefined ? undefined : new URL(url).pathname;
  } catch {
    return undefined;
  }
};

export class FastPathBroker {
  constructor(
    private readonly host: EngineHost,
    private readonly tokens: FastPathTokens,
  ) {}

  /** Listens for the bridge page's messages on the service worker's global scope. */
  install(scope: unknown = globalThis): void {
    (scope as WorkerScope).addEventListener("message", (event) => {
      const port = event.ports[0];
      if (!port) return;
      event.waitUntil(
        this.attach(event, port).catch(() => {
          refuse(port, "engine-unavailable");
        }),
      );
    });
  }

  private async attach(event: WorkerMessageEvent, port: MessagePort): Promise<void> {
    const parsed = bridgeAttachSchema.safeParse(event.data);
    const fromBridge = pathOf(event.source?.url) === `/${BRIDGE_PAGE_PATH}`;
    const client = parsed.success && fromBridge ? this.tokens.redeem(parsed.data.token) : undefined;
    // Checked again: the viewer may have disabled the site since the token was issued.
    if (!client || !allowsClient(await readSiteAccess(), client)) {
      refuse(port, "invalid-token");
      return;
    }
    const engine = (await this.host.ready()) ? await findEngineDocument() : undefined;
    if (!engine) {
      refuse(port, "engine-unavailable");
      return;
    }
    const bind: EngineBindMessage = { type: ENGINE_BIND_TYPE, client };
    engine.postMessage(bind, [port]);
    this.host.portBound(client);
  }
}

function refuse(port: MessagePort, reason: FastPortRefused["reason"]): void {
  const message: FastPortRefused = { type: "refused", reason };
  port.postMessage(message);
  port.close();
}

async function findEngineDocument(): Promise<WorkerClient | undefined> {
  const url = browser.runtime.getURL(ENGINE_DOCUMENT_PATH);
  const all = await (globalThis as unknown as WorkerScope).clients.matchAll({
    includeUncontrolled: true,
  });
  return all.find((client) => client.url === url);
}
