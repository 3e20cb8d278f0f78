/**
 * The Firefox package as addons.mozilla.org will see it (build/firefox-mv3-prod, made by
 * `npm run build`): Mozilla's linter finds nothing at all, and the manifest is Firefox's (an
 * event page, an add-on id, the data it transmits declared, no Chrome-only permission), with
 * the zip beside it.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { FIREFOX_DIR } from "../../../harness/browser/firefox";
import { describeFinding, lintFirefox } from "../../../scripts/lint-firefox";

describe("the Firefox package", () => {
  it("lints clean: 0 errors, 0 warnings, 0 notices", async () => {
    const { messages, summary } = await lintFirefox(FIREFOX_DIR);
    console.log(messages.map(describeFinding).join("\n") || "addons-linter: nothing found");
    expect(summary).toEqual({ errors: 0, warnings: 0, notices: 0 });
  });

  it("has Firefox's manifest and its zip", async () => {
    const manifest = JSON.parse(await readFile(`${FIREFOX_DIR}/manifest.json`, "utf8")) as {
      background: unknown;
      permissions: string[];
      browser_specific_settings: {
        gecko: { id: string; strict_min_version: string; data_collection_permissions: unknown };
      };
      minimum_chrome_version?: string;
      commands: Record<string, unknown>;
      homepage_url: string;
    };
    expect(manifest.background).toEqual({ scripts: ["background.js"] });
    expect(manifest.permissions).not.toContain("offscreen");
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(manifest.browser_specific_settings.gecko.strict_min_version).toBe("140.0");
    expect(manifest.minimum_chrome_version).toBeUndefined();
    expect(Object.keys(manifest.commands)).toEqual(["toggle-site"]);
    expect(manifest.homepage_url).toMatch(/^https:\/\//);
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({
      required: ["browsingActivity"],
    });
    expect(existsSync(`${FIREFOX_DIR}/background.js`)).toBe(true);
    expect(existsSync(`${FIREFOX_DIR}.zip`)).toBe(true);
  });
});
