/**
 * A small XML parser for MPDs: the document tree mpd-parser's `inheritAttributes` reads, in
 * place of `stringToMpdXml` and the XML DOM it brings (@xmldom/xmldom, ~70 KB of the page hook).
 * Not the page's `DOMParser`: on a page that enforces Trusted Types, `parseFromString` throws
 * for XML too unless given a TrustedHTML, and such a page may forbid the hook its own policy
 * (measured in Chromium 156); it would also hand back nodes whose prototypes the page may have
 * patched. This one is plain code on strings, the same in the page, in Node and in the tests.
 *
 * It builds what mpd-parser reads and nothing else: `tagName`, `attributes` (`name`, `value`,
 * namespace declarations included, as in the DOM), `childNodes`, `textContent`, `nodeValue`.
 * Well-formedness is checked as a browser's XML parser checks it (one root, matching end tags,
 * quoted attributes, no duplicate attribute, known entities only); anything else throws
 * `XmlError`. A DOCTYPE is skipped (its internal subset is not read: a DTD's entities stay
 * unknown); comments and processing instructions are dropped.
 */

/** A malformed document: what was wrong, and where (offset in the text). */
export class XmlError extends Error {
  override name = "XmlError";
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${String(offset)}`);
  }
}

export interface XmlAttribute {
  readonly name: string;
  readonly value: string;
}

/** Text or CDATA. */
export interface XmlText {
  readonly tagName: undefined;
  readonly nodeValue: string;
  readonly textContent: string;
}

export type XmlNode = XmlElement | XmlText;

/** Deeper nesting is refused (an MPD nests about 6 levels; this bounds the work of a hostile one). */
export const MAX_XML_DEPTH = 256;

export class XmlElement {
  readonly nodeValue = null;
  readonly attributes: XmlAttribute[] = [];
  readonly childNodes: XmlNode[] = [];
  constructor(readonly tagName: string) {}

  /** The text of every descendant, in document order (the DOM's `textContent`). */
  get textContent(): string {
    return this.childNodes.map((node) => node.textContent).join("");
  }
}

const PREDEFINED: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w:.\-\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\n]*/y;
const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*);/y;

/** Parses `text` into its root element; throws `XmlError` when it is not well-formed. */
export function parseXml(source: string): XmlElement {
  // XML's end-of-line handling: every CRLF and lone CR reads as LF.
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let at = 0;
  let root: XmlElement | undefined;
  const open: XmlElement[] = [];

  // A declaration with its return type, so that TypeScript narrows after `if (...) fail(...)`.
  function fail(message: string, offset = at): never {
    throw new XmlError(message, offset);
  }
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(text);
    if (found === null) return undefined;
    at = pattern.lastIndex;
    return found[0];
  };
  const skipTo = (end: string, what: string): number => {
    const index = text.indexOf(end, at);
    if (index < 0) fail(`unterminated ${what}`);
    at = index + end.length;
    return index;
  };
  const decode = (raw: string, offset: number): string => {
    if (raw.includes("<")) fail("'<' in text or attribute value", offset);
    if (!raw.includes("&")) return raw;
    let out = "";
    let from = 0;
    for (let amp = raw.indexOf("&"); amp >= 0; amp = raw.indexOf("&", from)) {
      REFERENCE.lastIndex = amp;
      const found = REFERENCE.exec(raw);
      const name = found?.[1];
      if (found === null || name === undefined) return fail("bad reference", offset + amp);
      out += raw.slice(from, amp) + referenced(name, offset + amp);
      from = REFERENCE.lastIndex;
    }
    return out + raw.slice(from);
  };
  const referenced = (name: string, offset: number): string => {
    if (!name.startsWith("#")) return PREDEFINED[name] ?? fail(`unknown entity &${name};`, offset);
    const code = name.startsWith("#x") ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    const valid =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    return valid ? String.fromCodePoint(code) : fail(`bad character reference &${name};`, offset);
  };
  const addText = (value: string, offset: number) => {
    const parent = open.at(-1);
    if (parent === undefined) {
      if (value.trim() !== "") fail("text outside the root element", offset);
      return;
    }
    parent.childNodes.push({ tagName: undefined, nodeValue: value, textContent: value });
  };

  /** Skips `<!DOCTYPE ...>`, with its internal subset `[...]` if any. */
  const skipDoctype = () => {
    const bracket = text.indexOf("[", at);
    const close = text.indexOf(">", at);
    if (close < 0) fail("unterminated DOCTYPE");
    at = bracket >= 0 && bracket < close ? bracket : close;
    if (text[at] === "[") skipTo("]", "DOCTYPE internal subset");
    skipTo(">", "DOCTYPE");
  };

  const startTag = () => {
    const start = at;
    at += 1;
    const name = match(NAME) ?? fail("bad element name");
    if (root !== undefined && open.length === 0) fail("a second root element", start);
    if (open.length >= MAX_XML_DEPTH) fail("elements nested too deep", start);
    const element = new XmlElement(name);
    const seen = new Set<string>();
    for (;;) {
      const spaced = (match(SPACE) ?? "") !== "";
      if (text.startsWith("/>", at) || text.startsWith(">", at)) break;
      if (!spaced) fail("expected a space, '>' or '/>'");
      const attribute = match(NAME) ?? fail("bad attribute name");
      if (seen.has(attribute)) fail(`duplicate attribute ${attribute}`);
      seen.add(attribute);
      match(SPACE);
      if (text[at] !== "=") fail(`expected '=' after ${attribute}`);
      at += 1;
      match(SPACE);
      const quote = text[at];
      if (quote !== '"' && quote !== "'") fail(`unquoted value of ${attribute}`);
      at += 1;
      const valueStart = at;
      const raw = text.slice(valueStart, skipTo(quote, "attribute value"));
      // Attribute-value normalisation: literal tabs and newlines read as spaces.
      element.attributes.push({
        name: attribute,
        value: decode(raw.replace(/[\t\n]/g, " "), valueStart),
      });
    }
    const parent = open.at(-1);
    if (parent === undefined) root = element;
    else parent.childNodes.push(element);
    if (text.startsWith("/>", at)) at += 2;
    else {
      at += 1;
      open.push(element);
    }
  };

  const endTag = () => {
    const start = at;
    at += 2;
    const name = match(NAME) ?? fail("bad end tag");
    match(SPACE);
    if (text[at] !== ">") fail("expected '>'");
    at += 1;
    const element = open.pop();
    if (element?.tagName !== name) fail(`end tag ${name} does not match`, start);
  };

  while (at < text.length) {
    const lt = text.indexOf("<", at);
    if (lt !== at) {
      const end = lt < 0 ? text.length : lt;
      addText(decode(text.slice(at, end), at), at);
      at = end;
      continue;
    }
    if (text.startsWith("<!--", at)) skipTo("-->", "comment");
    else if (text.startsWith("<![CDATA[", at)) {
      const start = at;
      if (open.length === 0) fail("CDATA outside the root element");
      at += 9;
      addText(text.slice(at, skipTo("]]>", "CDATA section")), start);
    } else if (text.startsWith("<?", at)) skipTo("?>", "processing instruction");
    else if (text.startsWith("<!DOCTYPE", at)) {
      if (root !== undefined || open.length > 0) fail("DOCTYPE after the root element");
      skipDoctype();
    } else if (text.startsWith("</", at)) endTag();
    else startTag();
  }
  if (open.length > 0) fail(`unclosed element ${open.at(-1)?.tagName ?? ""}`);
  return root ?? fail("no root element");
}
