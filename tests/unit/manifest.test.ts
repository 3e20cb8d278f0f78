/**
 * The store-facing fields of the manifest (package.json `manifest` and the fields Plasmo copies
 * from package.json): what the Chrome Web Store and addons.mozilla.org check or show.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TOGGLE_SITE_COMMAND } from "../../messaging/commands";
import { REPOSITORY_URL } from "../../ui/pages";

/** A message of locales/<lang>/messages.json, for a manifest field `__MSG_<key>__`. */
function message(lang: string, field: string): string {
  const key = /^__MSG_(\w+)__$/.exec(field)?.[1];
  if (key === undefined) throw new Error(`${field} is not a message`);
  const messages = JSON.parse(readFileSync(`locales/${lang}/messages.json`, "utf8")) as Record<
    string,
    { message: string } | undefined
  >;
  const text = messages[key]?.message;
  if (text === undefined) throw new Error(`no message ${key} in ${lang}`);
  return text;
}

const LANGUAGES = ["en", "de"];

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  displayName: string;
  description: string;
  author: string;
  license: string;
  homepage: string;
  manifest: {
    name: string;
    description: string;
    default_locale: string;
    short_name: string;
    minimum_chrome_version: string;
    commands: Record<string, { suggested_key?: { default: string }; description: string }>;
  };
};

describe("the manifest", () => {
  it("has a store description of at most 132 characters (Chrome's limit)", () => {
    expect(pkg.description.length).toBeLessThanOrEqual(132);
    expect(pkg.description.length).toBeGreaterThan(40);
    for (const lang of LANGUAGES) {
      const text = message(lang, pkg.manifest.description);
      expect(text.length, lang).toBeLessThanOrEqual(132);
      expect(text.length, lang).toBeGreaterThan(40);
    }
  });

  it("takes its name, description and shortcut's words from locales/ (English by default)", () => {
    expect(pkg.manifest.default_locale).toBe("en");
    expect(message("en", pkg.manifest.name)).toBe(pkg.displayName);
    expect(message("en", pkg.manifest.description)).toBe(pkg.description);
  });

  it("names its author, license (with a LICENSE file), home page and a short name", () => {
    expect(pkg.author).toBe("PeerCast Video contributors");
    expect(pkg.license).toBe("MIT");
    expect(readFileSync("LICENSE", "utf8")).toContain(
      "Copyright (c) 2026 PeerCast Video contributors",
    );
    expect(pkg.homepage).toBe(REPOSITORY_URL);
    for (const lang of LANGUAGES)
      expect(message(lang, pkg.manifest.short_name).length, lang).toBeLessThanOrEqual(12);
    expect(existsSync("PRIVACY.md")).toBe(true);
  });

  it("needs Chrome 127 (runtime.getContexts: 116; action.openPopup, the shortcut's fallback: 127)", () => {
    expect(pkg.manifest.minimum_chrome_version).toBe("127");
  });

  it("has one shortcut, the one the background handles", () => {
    const commands = Object.entries(pkg.manifest.commands);
    expect(commands.map(([name]) => name)).toEqual([TOGGLE_SITE_COMMAND]);
    const [, command] = commands[0] ?? [];
    // Chromium leaves a suggested key that is one of its own shortcuts unassigned (156 did with
    // Alt+Shift+P and Ctrl+Shift+L: tests/browser/extension/shortcut.test.ts checks the key is
    // assigned); Alt+Shift+V is taken by neither Chrome nor Firefox.
    expect(command?.suggested_key?.default).toBe("Alt+Shift+V");
    for (const lang of LANGUAGES)
      expect(message(lang, command?.description ?? "").length, lang).toBeGreaterThan(0);
  });
});
