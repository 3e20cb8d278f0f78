/**
 * The connection the engine sees, emulated: the Chrome DevTools protocol in the engine's offscreen
 * document tells its `navigator.connection` that the connection is cellular (which the engine
 * reads as metered, engine/metered-connection.ts), then gives it the real connection back. The
 * document's `change` event fires each time, as it would on a real switch, so the running engine
 * notices. Measured in Debian Chromium 156:
 *
 * - Desktop Chromium has no `navigator.connection.type`: Blink shows it on Android and ChromeOS
 *   only (runtime feature NetInfoDownlinkMax). The browser must be launched with
 *   CONNECTION_TYPE_ARGS, which shows it as those platforms do; without it no override reaches
 *   the engine (the type stays undefined, "not metered").
 * - `Network.overrideNetworkState` sets `navigator.connection` (and, as the protocol describes
 *   it, throttles nothing). Chromium ignores latency 0 with unlimited throughputs ("no
 *   emulation") whatever the connectionType says, so the cellular override comes with a 3G
 *   line's latency and throughputs (which set the connection's rtt and downlink), and "no
 *   emulation" is the way back. The deprecated `Network.emulateNetworkConditions` acts the same
 *   (and throttles the document's requests besides).
 * - `Emulation.setDataSaverOverride` changes `saveData` but fires no `change` event: a running
 *   engine never sees it, so it is not used here.
 * - Playwright cannot talk to the offscreen document directly: harness/browser/target-session.ts
 *   does it through a browser-level session.
 *
 * The override lasts as long as the document, and the document as long as the engine: the
 * background closes an engine no frame has loaded anything in after 2 s (IDLE_CLOSE_MS in
 * background/engine-host.ts), and the next request opens a new document with the real connection
 * (and a new engine/status startedAt). Attach once a page's frame has loaded a swarm; the session
 * then answers "No session with given id" if the document went away all the same.
 */
import type { CDPSession } from "playwright-core";
import type { ExtensionBrowser } from "../../../harness/browser/chromium";
import { TargetSession } from "../../../harness/browser/target-session";
import { ENGINE_DOCUMENT_PATH } from "../../../messaging/engine-to-background";
import { waitFor } from "./wait-for";

/** Launch flags that give desktop Chromium `navigator.connection.type` (see above). */
export const CONNECTION_TYPE_ARGS = ["--enable-blink-features=NetInfoDownlinkMax"];

/** `navigator.connection` as the engine's document reads it. */
export interface ConnectionSeen {
  type: string | undefined;
  saveData: boolean | undefined;
}

export interface EngineConnection {
  read(): Promise<ConnectionSeen>;
  /** The connection is cellular (3G) from now on: metered, for the engine. */
  setCellular(): Promise<void>;
  /** The browser's real connection again (ethernet in the test's network namespace). */
  clear(): Promise<void>;
  detach(): Promise<void>;
}

/** A 3G line: 562.5 ms, 1.44 Mbit/s down, 675 kbit/s up (any numbers but "no emulation" do). */
const CELLULAR = {
  offline: false,
  latency: 562.5,
  downloadThroughput: 180_000,
  uploadThroughput: 84_375,
  connectionType: "cellular3g",
};
/** What Chromium takes for "no emulation". */
const REAL = { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };

/** One command, or its error, within this long. */
const COMMAND_TIMEOUT_MS = 30_000;

/**
 * Attaches to the engine's offscreen document of `browser` (waiting up to `timeoutMs` for it to
 * exist: the engine starts with the first load or status request).
 */
export async function attachEngineConnection(
  browser: ExtensionBrowser,
  timeoutMs = 60_000,
): Promise<EngineConnection> {
  const root = browser.context.browser();
  if (!root) throw new Error("no Browser behind the context");
  const session: CDPSession = await root.newBrowserCDPSession();
  const url = `chrome-extension://${browser.extensionId}/${ENGINE_DOCUMENT_PATH}`;
  let targetId: string | undefined;
  await waitFor(
    async () => {
      const { targetInfos } = await session.send("Target.getTargets");
      targetId = targetInfos.find((target) => target.url === url)?.targetId;
      return targetId !== undefined;
    },
    timeoutMs,
    `the engine document ${url}`,
  );
  if (targetId === undefined) throw new Error("unreachable");
  const target = await TargetSession.attach(session, targetId);
  const call = (method: string, params: object = {}) =>
    target.call(method, params, COMMAND_TIMEOUT_MS);

  await call("Network.enable");
  return {
    async read() {
      const expression =
        "({ type: navigator.connection?.type, saveData: navigator.connection?.saveData })";
      const evaluated = (await call("Runtime.evaluate", { expression, returnByValue: true })) as {
        result: { value: Partial<ConnectionSeen> };
      };
      const { type, saveData } = evaluated.result.value;
      return { type, saveData };
    },
    async setCellular() {
      await call("Network.overrideNetworkState", CELLULAR);
    },
    async clear() {
      await call("Network.overrideNetworkState", REAL);
    },
    async detach() {
      await target.detach();
      await session.detach().catch(() => undefined);
    },
  };
}
