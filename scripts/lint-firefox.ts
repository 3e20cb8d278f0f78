/**
 * Lints a Firefox build with Mozilla's addons-linter (what `web-ext lint` and addons.mozilla.org
 * run), prints every message, and exits non-zero on any error or warning (notices are printed but
 * pass). Usage: `tsx scripts/lint-firefox.ts [dir]`, dir defaulting to build/firefox-mv3-prod.
 */
import addonsLinter, { type LinterMessage } from "addons-linter";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** addons-linter's findings on the package in `dir` (what addons.mozilla.org would say). */
export async function lintFirefox(dir: string): Promise<{
  messages: LinterMessage[];
  summary: { errors: number; warnings: number; notices: number };
}> {
  const linter = addonsLinter.createInstance({
    config: {
      _: [dir],
      logLevel: "fatal",
      stack: false,
      pretty: false,
      warningsAsErrors: false,
      metadata: false,
      output: "none",
      boring: false,
      selfHosted: false,
    },
    runAsBinary: false,
  });
  const output = await linter.run();
  return {
    messages: [...output.errors, ...output.warnings, ...output.notices],
    summary: output.summary,
  };
}

/** One line per finding: type, code, where, message (and the description under it). */
export function describeFinding(m: LinterMessage): string {
  const position = [m.line, m.column].filter((n) => n !== undefined).map(String);
  const where = m.file === undefined ? "" : ` (${[m.file, ...position].join(":")})`;
  const description = Array.isArray(m.description) ? m.description.join(" ") : m.description;
  const more = description !== undefined && description !== "" ? `\n  ${description}` : "";
  return `${m.type.toUpperCase()} ${m.code}${where}: ${m.message}${more}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const dir = resolve(process.argv[2] ?? "build/firefox-mv3-prod");
  if (!existsSync(`${dir}/manifest.json`)) {
    console.error(`${dir}/manifest.json does not exist: build the Firefox package first`);
    process.exit(2);
  }
  const { messages, summary } = await lintFirefox(dir);
  for (const m of messages) console.log(describeFinding(m));
  const { errors, warnings, notices } = summary;
  console.log(
    `addons-linter ${dir}: ${String(errors)} errors, ${String(warnings)} warnings, ${String(notices)} notices`,
  );
  process.exit(errors + warnings > 0 ? 1 : 0);
}
