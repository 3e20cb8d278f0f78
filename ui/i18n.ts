/**
 * The UI's words: every user-facing string is a message in locales/<lang>/messages.json (Plasmo
 * copies them to _locales), read with browser.i18n.getMessage. Keys are typed from the English
 * file, so a key missing there is a compile error; tests/unit/locales.test.ts checks every other
 * language has the same keys and placeholders, and that no key goes unused.
 *
 * No webextension-polyfill import: its module throws outside an extension, and the unit tests
 * render components in Node, where setMessageFallback (tests/unit/i18n-setup.ts) supplies the
 * English file instead.
 */
import type enMessages from "../locales/en/messages.json";

export type MessageKey = keyof typeof enMessages;
export type Messages = Record<string, { message: string }>;

interface I18nApi {
  getMessage(name: string, substitutions?: string | string[]): string;
  getUILanguage(): string;
}

function api(): I18nApi | undefined {
  const scope = globalThis as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };
  return scope.browser?.i18n ?? scope.chrome?.i18n;
}

let fallback: Messages | undefined;

/** Where there is no browser.i18n (unit tests in Node): messages from this file instead. */
export function setMessageFallback(messages: Messages): void {
  fallback = messages;
}

/** A message with its $1…$9 replaced, as browser.i18n does ("$$" is a "$"). */
export function substitute(message: string, substitutions: readonly string[]): string {
  return message.replace(/\$(\d|\$)/g, (whole, which: string) =>
    which === "$" ? "$" : (substitutions[Number(which) - 1] ?? ""),
  );
}

/** The message `key` in the browser's UI language, with `substitutions` for $1, $2, … */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const strings = substitutions.map(String);
  const i18n = api();
  if (i18n !== undefined) return i18n.getMessage(key, strings);
  const message = fallback?.[key]?.message;
  if (message === undefined) throw new Error(`no message ${key}`);
  return substitute(message, strings);
}

/** The browser's UI language as a BCP 47 tag ("en-US", "de"); English in Node. */
export function uiLanguage(): string {
  return api()?.getUILanguage() ?? "en";
}

/** `<html lang dir>` from the UI language: every extension page calls it before rendering. */
export function localizeDocument(): void {
  const i18n = api();
  if (i18n === undefined || typeof document === "undefined") return;
  document.documentElement.lang = i18n.getMessage("@@ui_locale").replace(/_/g, "-");
  document.documentElement.dir = i18n.getMessage("@@bidi_dir") === "rtl" ? "rtl" : "ltr";
}
