/**
 * Copies PRIVACY.md into the extension (ui/privacy/privacy-text.ts), so the privacy page it ships
 * (tabs/privacy.html) is the policy of the version installed, readable offline.
 * ui/privacy/privacy-text.test.ts fails when the copy is stale: run `npm run privacy:sync`.
 */
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";

export const PRIVACY_TEXT_FILE = "ui/privacy/privacy-text.ts";

export function privacyTextModule(markdown: string): string {
  return [
    "// Generated from PRIVACY.md by scripts/make-privacy-text.ts (npm run privacy:sync): do not edit.",
    `export const PRIVACY_MARKDOWN = ${JSON.stringify(markdown)};`,
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  await writeFile(PRIVACY_TEXT_FILE, privacyTextModule(await readFile("PRIVACY.md", "utf8")));
  execFileSync("node_modules/.bin/prettier", ["--write", PRIVACY_TEXT_FILE], { stdio: "inherit" });
}
