/**
 * Chrome's offscreen API, typed for what the background uses (webextension-polyfill has no
 * typings for it, and Firefox has no such API: there the engine runs in the event page).
 */
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

/** chrome.offscreen, or undefined where the browser has none. */
export function offscreenApi(): ChromeOffscreen | undefined {
  return chromeGlobal()?.offscreen;
}

/** True when the engine's offscreen document exists (it may still be starting). */
export async function hasEngineDocument(documentUrl: string): Promise<boolean> {
  const runtime = chromeGlobal()?.runtime;
  if (!runtime) return false;
  const contexts = await runtime.getContexts({
    contextTypes: ["OFFSCREEN_DOCUMENT"],
    documentUrls: [documentUrl],
  });
  return contexts.length > 0;
}
