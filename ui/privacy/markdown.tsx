/**
 * Renders the small subset of Markdown that PRIVACY.md uses, as React elements (no HTML is
 * injected): `#`/`##` headings, paragraphs, `- ` lists, pipe tables, and inline `**bold**`,
 * `` `code` ``, `[text](url)` and `<https://...>`. A link to another file of the repository goes to
 * that file in the repository (`repository`); other links open in a new tab.
 */
import type { ReactNode } from "react";

export type Block =
  | { kind: "heading"; level: 1 | 2; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "table"; head: string[]; rows: string[][] };

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((cell) => cell.trim());

const isRule = (line: string) => /^\|?[\s|:-]+\|?$/.test(line.trim()) && line.includes("-");

/** The blocks of `markdown`, in order. */
export function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (line.trim() === "") {
      i++;
    } else if (/^#{1,2} /.test(line)) {
      const level = line.startsWith("## ") ? 2 : 1;
      blocks.push({ kind: "heading", level, text: line.replace(/^#+ /, "") });
      i++;
    } else if (line.startsWith("|")) {
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] ?? "").startsWith("|")) {
        const row = lines[i] ?? "";
        if (!isRule(row)) rows.push(cells(row));
        i++;
      }
      blocks.push({ kind: "table", head: rows[0] ?? [], rows: rows.slice(1) });
    } else if (line.startsWith("- ")) {
      const items: string[] = [];
      while (i < lines.length && /^(- | {2}\S)/.test(lines[i] ?? "")) {
        const item = lines[i] ?? "";
        if (item.startsWith("- ")) items.push(item.slice(2));
        else items.push(`${items.pop() ?? ""} ${item.trim()}`);
        i++;
      }
      blocks.push({ kind: "list", items });
    } else {
      const text: string[] = [];
      while (
        i < lines.length &&
        (lines[i] ?? "").trim() !== "" &&
        !/^(#|\||- )/.test(lines[i] ?? "")
      ) {
        text.push((lines[i] ?? "").trim());
        i++;
      }
      blocks.push({ kind: "paragraph", text: text.join(" ") });
    }
  }
  return blocks;
}

const INLINE = /\*\*(.+?)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|<(https:\/\/[^>\s]+)>/g;

function href(target: string, repository: string): string {
  return /^https?:\/\//.test(target) ? target : `${repository}/blob/main/${target}`;
}

/** The inline elements of one line of text. */
export function renderInline(text: string, repository: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const [whole, bold, code, linkText, linkTarget, bare] = match;
    if (match.index > last) out.push(text.slice(last, match.index));
    const key = out.length;
    if (bold !== undefined) out.push(<strong key={key}>{renderInline(bold, repository)}</strong>);
    else if (code !== undefined) out.push(<code key={key}>{code}</code>);
    else {
      const target = href(linkTarget ?? bare ?? "", repository);
      out.push(
        <a key={key} href={target} target="_blank" rel="noreferrer">
          {linkText ?? bare}
        </a>,
      );
    }
    last = match.index + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ source, repository }: { source: string; repository: string }) {
  const inline = (text: string) => renderInline(text, repository);
  return (
    <>
      {parseBlocks(source).map((block, index) => {
        switch (block.kind) {
          case "heading":
            return block.level === 1 ? (
              <h1 key={index}>{inline(block.text)}</h1>
            ) : (
              <h2 key={index}>{inline(block.text)}</h2>
            );
          case "paragraph":
            return <p key={index}>{inline(block.text)}</p>;
          case "list":
            return (
              <ul key={index}>
                {block.items.map((item, n) => (
                  <li key={n}>{inline(item)}</li>
                ))}
              </ul>
            );
          case "table":
            return (
              <div key={index} className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      {block.head.map((cell, n) => (
                        <th key={n}>{inline(cell)}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {block.rows.map((row, r) => (
                      <tr key={r}>
                        {row.map((cell, n) => (
                          <td key={n}>{inline(cell)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
        }
      })}
    </>
  );
}
