/**
 * The UI's languages (locales/<lang>/messages.json, read by ui/i18n.ts's t() and by the manifest's
 * `__MSG_<key>__` fields): every language has exactly English's keys, with the same $1…$9
 * placeholders, no message is empty, and every key is used somewhere in the code, so no string is
 * translated for nothing and none is missing in a language.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

type Messages = Record<string, { message: string; description?: string }>;

const LOCALES = "locales";
const languages = readdirSync(LOCALES).sort();
const messages = new Map<string, Messages>(
  languages.map((lang) => [
    lang,
    JSON.parse(readFileSync(join(LOCALES, lang, "messages.json"), "utf8")) as Messages,
  ]),
);
const english = messages.get("en") ?? {};
const keys = Object.keys(english);

/** The source the extension ships: its .ts/.tsx files (tests aside) and the manifest. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}
const CODE_DIRS = ["ui", "background", "popup", "options", "tabs", "messaging"];
const code = [...CODE_DIRS.flatMap(sources), "package.json"]
  .map((path) => readFileSync(path, "utf8"))
  .join("\n");

const placeholders = (text: string) => [...new Set(text.match(/\$[1-9]/g) ?? [])].sort();

describe("the UI's languages", () => {
  it("are English and German at least, English the default", () => {
    expect(languages).toContain("en");
    expect(languages).toContain("de");
  });

  it.each(languages)("%s has every key of English, and no other", (lang) => {
    expect(Object.keys(messages.get(lang) ?? {}).sort()).toEqual([...keys].sort());
  });

  it.each(languages)("%s has the same placeholders as English and no empty message", (lang) => {
    const theirs = messages.get(lang) ?? {};
    for (const key of keys) {
      const text = theirs[key]?.message ?? "";
      expect(text.trim().length, `${lang}: ${key}`).toBeGreaterThan(0);
      expect(placeholders(text), `${lang}: ${key}`).toEqual(
        placeholders(english[key]?.message ?? ""),
      );
    }
  });

  it("uses every key in the code (as a string literal or a manifest __MSG_ field)", () => {
    const unused = keys.filter(
      (key) => !code.includes(`"${key}"`) && !code.includes(`__MSG_${key}__`),
    );
    expect(unused).toEqual([]);
  });

  it("has every key the code asks for with t() and __MSG_", () => {
    const asked = [
      ...[...code.matchAll(/\bt\(\s*"(\w+)"/g)].map((match) => match[1] ?? ""),
      ...[...code.matchAll(/__MSG_(\w+)__/g)].map((match) => match[1] ?? ""),
    ];
    for (const lang of languages) {
      const theirs = messages.get(lang) ?? {};
      expect(
        asked.filter((key) => !(key in theirs)),
        lang,
      ).toEqual([]);
    }
  });
});
