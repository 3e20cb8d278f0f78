/**
 * Renders `marked`'s tokens (made at build time by scripts/make-privacy-text.ts) as React
 * elements: no HTML is injected. What PRIVACY.md uses is rendered (headings, paragraphs, lists,
 * tables, bold, emphasis, code, links); anything else shows as its plain text. A link to another
 * file of the repository goes to that file in the repository (`repository`); other links open in
 * a new tab.
 */
import type { Token, Tokens } from "marked";
import type { ReactNode } from "react";

function href(target: string, repository: string): string {
  return /^https?:\/\//.test(target) ? target : `${repository}/blob/main/${target}`;
}

function render(tokens: readonly Token[], repository: string): ReactNode[] {
  return tokens.map((token, key) => {
    const inner = (children: readonly Token[] | undefined) =>
      children === undefined ? null : render(children, repository);
    switch (token.type) {
      case "heading": {
        const { depth, tokens: children } = token as Tokens.Heading;
        return depth === 1 ? (
          <h1 key={key}>{inner(children)}</h1>
        ) : (
          <h2 key={key}>{inner(children)}</h2>
        );
      }
      case "paragraph":
        return <p key={key}>{inner((token as Tokens.Paragraph).tokens)}</p>;
      case "list":
        return (
          <ul key={key}>
            {(token as Tokens.List).items.map((item, n) => (
              <li key={n}>{inner(item.tokens)}</li>
            ))}
          </ul>
        );
      case "table": {
        const { header, rows } = token as Tokens.Table;
        return (
          <div key={key} className="table-wrap">
            <table>
              <thead>
                <tr>
                  {header.map((cell, n) => (
                    <th key={n}>{inner(cell.tokens)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((cell, n) => (
                      <td key={n}>{inner(cell.tokens)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      }
      case "strong":
        return <strong key={key}>{inner((token as Tokens.Strong).tokens)}</strong>;
      case "em":
        return <em key={key}>{inner((token as Tokens.Em).tokens)}</em>;
      case "codespan":
        return <code key={key}>{(token as Tokens.Codespan).text}</code>;
      case "link": {
        const link = token as Tokens.Link;
        return (
          <a key={key} href={href(link.href, repository)} target="_blank" rel="noreferrer">
            {inner(link.tokens)}
          </a>
        );
      }
      case "space":
        return null;
      case "text": {
        const text = token as Tokens.Text;
        // A list item's text token carries its inline tokens; a plain one only its text.
        return text.tokens === undefined ? text.text : <span key={key}>{inner(text.tokens)}</span>;
      }
      default:
        return "text" in token && typeof token.text === "string" ? token.text : null;
    }
  });
}

export function Markdown({ tokens, repository }: { tokens: readonly Token[]; repository: string }) {
  return <>{render(tokens, repository)}</>;
}
