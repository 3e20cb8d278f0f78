/**
 * MPDs as the document tree mpd-parser's `inheritAttributes` reads, parsed by @rgrove/parse-xml
 * (a small, strict XML 1.0 parser: ~12 KB against the ~70 KB of @xmldom/xmldom, which
 * mpd-parser's own `stringToMpdXml` brings into the page hook).
 * Not the page's `DOMParser`: on a page that enforces Trusted Types, `parseFromString` throws
 * for XML too unless given a TrustedHTML, and such a page may forbid the hook its own policy
 * (measured in Chromium 156); it would also hand back nodes whose prototypes the page may have
 * patched. This is plain code on strings, the same in the page, in Node and in the tests.
 *
 * What mpd-parser reads and nothing else: `tagName`, `attributes` (`name`, `value`, namespace
 * declarations included, as in the DOM), `childNodes`, `textContent`, `nodeValue`. A document
 * that is not well-formed throws `XmlError`; a DOCTYPE is skipped, comments and processing
 * instructions are dropped, unknown entities are refused.
 */
import * as Xml from "@rgrove/parse-xml";

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

const textNode = (text: string): XmlText => ({
  tagName: undefined,
  nodeValue: text,
  textContent: text,
});

function convert(element: Xml.XmlElement, depth: number): XmlElement {
  if (depth > MAX_XML_DEPTH) throw new XmlError("elements nested too deep", 0);
  const out = new XmlElement(element.name);
  for (const [name, value] of Object.entries(element.attributes))
    out.attributes.push({ name, value });
  for (const child of element.children) {
    if (child instanceof Xml.XmlElement) out.childNodes.push(convert(child, depth + 1));
    else if (child instanceof Xml.XmlText) out.childNodes.push(textNode(child.text));
  }
  return out;
}

/** Parses `text` into its root element; throws `XmlError` when it is not well-formed. */
export function parseXml(text: string): XmlElement {
  let document: Xml.XmlDocument;
  try {
    document = Xml.parseXml(text.replace(/^\uFEFF/, ""));
  } catch (caught) {
    if (caught instanceof Xml.XmlError) throw new XmlError(caught.message, caught.pos);
    // The parser descends one call per element: a document nested deep enough exhausts the stack.
    if (caught instanceof RangeError) throw new XmlError("elements nested too deep", 0);
    throw caught;
  }
  const root = document.root;
  if (root === null) throw new XmlError("no root element", 0);
  return convert(root, 1);
}
