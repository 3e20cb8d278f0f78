/**
 * Firefox's part of the fast path (Chrome's is background/fast-path-broker.ts): the relay opens
 * a runtime.Port to the event page and sends the token the background issued it. The token is
 * redeemed for the client it was issued to, which must be the frame the browser says opened the
 * Port; then the port is bound to the engine running in this page. Anything else is refused.
 */
import type { Runtime } from "webextension-polyfill";
import { bridgeAttachSchema, FRAME_PORT_NAME, type FastPortRefused } from "../messaging/fast-path";
import { runtimePortFrame, type FramePort } from "../messaging/frame-port";
import { allowsClient } from "../messaging/site-access";
import type { Engine } from "../engine/engine";
import type { Background } from "./main";
import { clientOf } from "./sender-site";
import { readSiteAccess } from "./site-access";

/** Binds `port` if it is a relay's frame port; true when it was one (bound or refused). */
export function bindFramePort(
  port: Runtime.Port,
  background: Background,
  engine: () => Engine | undefined,
): boolean {
  if (port.name !== FRAME_PORT_NAME) return false;
  const frame = runtimePortFrame(port);
  const sender = port.sender ? clientOf(port.sender) : undefined;
  frame.onMessage((data) => {
    frame.onMessage(() => undefined);
    void attach(frame, data, sender, background, engine);
  });
  return true;
}

async function attach(
  frame: FramePort,
  data: unknown,
  sender: ReturnType<typeof clientOf>,
  { host, relay }: Background,
  engine: () => Engine | undefined,
): Promise<void> {
  const parsed = bridgeAttachSchema.safeParse(data);
  const client = parsed.success ? relay.tokens.redeem(parsed.data.token) : undefined;
  const same =
    client?.tabId === sender?.tabId &&
    client?.frameId === sender?.frameId &&
    client?.site === sender?.site;
  // Checked again: the viewer may have disabled the site since the token was issued.
  if (!client || !same || !allowsClient(await readSiteAccess(), client)) {
    refuse(frame, "invalid-token");
    return;
  }
  const running = (await host.ready()) ? engine() : undefined;
  if (!running) {
    refuse(frame, "engine-unavailable");
    return;
  }
  running.ports.bind(frame, client);
  host.portBound(client);
}

function refuse(frame: FramePort, reason: FastPortRefused["reason"]): void {
  const message: FastPortRefused = { type: "refused", reason };
  frame.postMessage(message);
  frame.close();
}
