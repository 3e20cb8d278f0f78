/**
 * Puts PRIVACY.md into the extension (ui/privacy/privacy-text.ts) as the token tree of `marked`'s
 * lexer, so the privacy page it ships (tabs/privacy.html) is the policy of the version installed,
 * readable offline, rendered as React elements (no Markdown parser and no HTML string in the
 * extension). ui/privacy/privacy-text.test.ts fails when the copy is stale: run
 * `npm run privacy:sync`.
 */
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { lexer, type Token } from "marked";

export const PRIVACY_TEXT_FILE = "ui/privacy/privacy-text.ts";

/** The tokens of `markdown`, without the source text each one repeats (`raw`). */
export function privacyTokens(markdown: string): Token[] {
  return JSON.parse(
    JSON.stringify(lexer(markdown), (key, value: unknown) => (key === "raw" ? "" : value)),
  ) as Token[];
}

export function privacyTextModule(markdown: string): string {
  return [
    "// Generated from PRIVACY.md by scripts/make-privacy-text.ts (npm run privacy:sync): do not edit.",
    'import type { Token } from "marked";',
    "",
    `export const PRIVACY_TOKENS: Token[] = ${JSON.stringify(privacyTokens(markdown))};`,
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  await writeFile(PRIVACY_TEXT_FILE, privacyTextModule(await readFile("PRIVACY.md", "utf8")));
  execFileSync("node_modules/.bin/prettier", ["--write", PRIVACY_TEXT_FILE], { stdio: "inherit" });
}
