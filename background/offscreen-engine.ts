/**
 * Chrome's way to run the engine: an offscreen document (reason WEB_RTC) that connects back to
 * the service worker with a runtime Port (engine/offscreen-main.ts). webextension-polyfill has no
 * typings for chrome.offscreen or runtime.getContexts, so the parts used are typed here.
 */
import browser, { type Runtime } from "webextension-polyfill";
import { ENGINE_DOCUMENT_PATH, ENGINE_PORT_NAME } from "../messaging/engine-to-background";
import type { EngineLauncher } from "./engine-host";

interface ChromeOffscreen {
  createDocument(parameters: {
    url: string;
    reasons: string[];
    justification: string;
  }): Promise<void>;
  closeDocument(): Promise<void>;
}

interface ChromeRuntimeContexts {
  getContexts(filter: {
    contextTypes: string[];
    documentUrls: string[];
  }): Promise<{ documentUrl?: string }[]>;
}

const chromeGlobal = () =>
  (globalThis as { chrome?: { offscreen?: ChromeOffscreen; runtime?: ChromeRuntimeContexts } })
    .chrome;

function offscreenApi(): ChromeOffscreen {
  const api = chromeGlobal()?.offscreen;
  if (!api) throw new Error("no offscreen API in this browser");
  return api;
}

export const offscreenEngine: EngineLauncher = {
  async exists() {
    const runtime = chromeGlobal()?.runtime;
    if (!runtime) return false;
    const contexts = await runtime.getContexts({
      contextTypes: ["OFFSCREEN_DOCUMENT"],
      documentUrls: [browser.runtime.getURL(ENGINE_DOCUMENT_PATH)],
    });
    return contexts.length > 0;
  },
  launch: () =>
    offscreenApi().createDocument({
      url: ENGINE_DOCUMENT_PATH,
      reasons: ["WEB_RTC"],
      justification: "Peer-to-peer video delivery over WebRTC data channels",
    }),
  close: () => offscreenApi().closeDocument(),
};

/**
 * The engine document's Port, or undefined for any other Port. A Port with the engine's name
 * from anywhere else (a content script can connect too) is disconnected.
 */
export function enginePortOf(port: Runtime.Port): Runtime.Port | undefined {
  if (port.name !== ENGINE_PORT_NAME) return undefined;
  if (port.sender?.url !== browser.runtime.getURL(ENGINE_DOCUMENT_PATH) || port.sender.tab) {
    port.disconnect();
    return undefined;
  }
  return port;
}
