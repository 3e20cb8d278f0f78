import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPOSITORY_URL } from "../pages";
import { parseBlocks } from "./markdown";
import { PRIVACY_MARKDOWN } from "./privacy-text";

const policy = readFileSync("PRIVACY.md", "utf8");

describe("the privacy page the extension ships", () => {
  it("is PRIVACY.md as it is now (else: npm run privacy:sync)", () => {
    expect(PRIVACY_MARKDOWN).toBe(policy);
  });

  it("renders every heading, table row and list item of it", () => {
    const blocks = parseBlocks(policy);
    const headings = policy.split("\n").filter((line) => /^#{1,2} /.test(line));
    expect(blocks.filter((block) => block.kind === "heading")).toHaveLength(headings.length);
    const tableRows = policy.split("\n").filter((line) => line.startsWith("|"));
    const rendered = blocks.flatMap((block) =>
      block.kind === "table" ? [block.head, ...block.rows] : [],
    );
    // Every pipe line but the header rules.
    expect(rendered).toHaveLength(
      tableRows.length - blocks.filter((b) => b.kind === "table").length,
    );
    const items = policy.split("\n").filter((line) => line.startsWith("- "));
    expect(blocks.flatMap((block) => (block.kind === "list" ? block.items : []))).toHaveLength(
      items.length,
    );
  });

  it("names the default trackers and STUN servers, and the contact", () => {
    for (const name of [
      "wss://tracker.novage.com.ua",
      "wss://tracker.openwebtorrent.com",
      "stun:stun.l.google.com:19302",
      "stun:global.stun.twilio.com:3478",
      REPOSITORY_URL,
    ])
      expect(policy).toContain(name);
  });
});

describe("parseBlocks", () => {
  it("reads headings, paragraphs over several lines, lists with continuation lines, tables", () => {
    const blocks = parseBlocks(
      "# T\n\nOne\ntwo.\n\n- a\n  more\n- b\n\n| x | y |\n| - | - |\n| 1 | `2` |\n",
    );
    expect(blocks).toEqual([
      { kind: "heading", level: 1, text: "T" },
      { kind: "paragraph", text: "One two." },
      { kind: "list", items: ["a more", "b"] },
      { kind: "table", head: ["x", "y"], rows: [["1", "`2`"]] },
    ]);
  });
});
