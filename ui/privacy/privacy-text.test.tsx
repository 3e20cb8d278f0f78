import { readFileSync } from "node:fs";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { defaultSettings } from "../../core/settings";
import { privacyTokens } from "../../scripts/make-privacy-text";
import { t } from "../i18n";
import { SETTING_HELP } from "../setting-help";
import { REPOSITORY_URL } from "../pages";
import { Markdown } from "./markdown";
import { PRIVACY_TOKENS } from "./privacy-text";

const policy = readFileSync("PRIVACY.md", "utf8");
const lines = policy.split("\n");
const count = (html: string, tag: string) => html.split(`<${tag}>`).length - 1;

describe("the privacy page the extension ships", () => {
  it("is PRIVACY.md as it is now (else: npm run privacy:sync)", () => {
    expect(PRIVACY_TOKENS).toEqual(privacyTokens(policy));
  });

  it("renders every heading, table row and list item of it, and its links", () => {
    const html = renderToStaticMarkup(
      <Markdown tokens={PRIVACY_TOKENS} repository={REPOSITORY_URL} />,
    );
    const headings = lines.filter((line) => /^#{1,2} /.test(line)).length;
    expect(count(html, "h1") + count(html, "h2")).toBe(headings);
    const pipeLines = lines.filter((line) => line.startsWith("|")).length;
    const tables = count(html, "table");
    // Every pipe line but each table's header rule is a row.
    expect(count(html, "tr")).toBe(pipeLines - tables);
    expect(count(html, "li")).toBe(lines.filter((line) => line.startsWith("- ")).length);
    expect(html).not.toMatch(/\*\*|\]\(/);
    expect(html).toContain(`href="${REPOSITORY_URL}`);
  });

  it("names the default trackers and STUN servers, and the contact", () => {
    // From the defaults themselves, so a changed default fails here until the policy says it.
    const stun = (defaultSettings.rtcConfig.iceServers ?? []).flatMap((server) => server.urls);
    for (const name of [...defaultSettings.trackerAnnounce, ...stun, REPOSITORY_URL])
      expect(policy).toContain(name);
  });

  it("states the default cache size and the settings by the labels the options page shows", () => {
    expect(policy).toContain(`${String(defaultSettings.cacheMaxBytes / 1_000_000)} MB in all`);
    for (const key of ["useP2P", "consumeOnly", "cacheMaxBytes"] as const)
      expect(policy).toContain(`"${t(SETTING_HELP[key].label)}"`);
  });
});

describe("Markdown", () => {
  it("renders headings, paragraphs, lists, tables and inline marks as elements", () => {
    const html = renderToStaticMarkup(
      <Markdown
        tokens={privacyTokens(
          "# T\n\nOne\n**two** & `x`.\n\n- a [doc](SECURITY.md)\n- b <https://e.org>\n\n| x | y |\n| - | - |\n| 1 | `2` |\n",
        )}
        repository="https://r.example"
      />,
    );
    expect(html).toBe(
      "<h1>T</h1><p>One\n<strong>two</strong> &amp; <code>x</code>.</p>" +
        '<ul><li><span>a <a href="https://r.example/blob/main/SECURITY.md" target="_blank" rel="noreferrer">doc</a></span></li>' +
        '<li><span>b <a href="https://e.org" target="_blank" rel="noreferrer">https://e.org</a></span></li></ul>' +
        '<div class="table-wrap"><table><thead><tr><th>x</th><th>y</th></tr></thead>' +
        "<tbody><tr><td>1</td><td><code>2</code></td></tr></tbody></table></div>",
    );
  });
});
