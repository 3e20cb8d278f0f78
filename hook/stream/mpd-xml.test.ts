import fc from "fast-check";
import { inheritAttributes, stringToMpdXml, toPlaylists } from "mpd-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_XML_DEPTH, parseXml, XmlError } from "./mpd-xml";
import { makeTestStreams, type StreamName, type TestStreams } from "./test-streams";

/**
 * The reference is mpd-parser's own `stringToMpdXml` (@xmldom/xmldom): what the hook used before
 * ./mpd-xml.ts, and what it still is in Node.
 */
interface DomNode {
  nodeType?: number;
  tagName?: string;
  nodeValue: string | null;
  textContent: string | null;
  attributes?: ArrayLike<{ name: string; value: string }>;
  childNodes?: ArrayLike<DomNode>;
}

type Shape =
  | { text: string }
  | { tag: string; attributes: [string, string][]; children: Shape[]; textContent: string };

const COMMENT = 8;
const PROCESSING_INSTRUCTION = 7;

/**
 * What mpd-parser reads of a node, as plain data. Comments and PIs (absent from ours) are
 * skipped, empty text nodes too and adjacent ones are joined: xmldom drops an empty CDATA
 * section and joins the text around it, a browser keeps it (as ours does).
 */
function shapeOf(node: DomNode): Shape | undefined {
  if (node.nodeType === COMMENT || node.nodeType === PROCESSING_INSTRUCTION) return undefined;
  if (node.tagName === undefined) return node.nodeValue ? { text: node.nodeValue } : undefined;
  const children: Shape[] = [];
  for (const child of Array.from(node.childNodes ?? [])) {
    const shape = shapeOf(child);
    const last = children.at(-1);
    if (shape !== undefined && "text" in shape && last !== undefined && "text" in last)
      last.text += shape.text;
    else if (shape !== undefined) children.push(shape);
  }
  return {
    tag: node.tagName,
    attributes: Array.from(node.attributes ?? []).map(({ name, value }) => [name, value]),
    children,
    textContent: node.textContent ?? "",
  };
}

const reference = (text: string) => shapeOf(stringToMpdXml(text) as DomNode);
const ours = (text: string) => shapeOf(parseXml(text));

/** What the hook gets from mpd-parser for a document parsed either way. */
const playlistsOf = (mpd: unknown) =>
  toPlaylists(
    inheritAttributes(mpd, { manifestUri: "https://a.example/v/m.mpd", NOW: 0 }).representationInfo,
  );

describe("parseXml on MPDs", () => {
  let streams: TestStreams;
  beforeAll(async () => {
    streams = await makeTestStreams();
  }, 60_000);
  afterAll(() => streams.cleanup());

  it.each<StreamName>(["dashTemplate", "dashList", "dashSingle"])(
    "gives mpd-parser what xmldom gives it: %s (ffmpeg)",
    async (name) => {
      const text = await streams.manifest(name);
      expect(ours(text)).toEqual(reference(text));
      expect(playlistsOf(parseXml(text))).toEqual(playlistsOf(stringToMpdXml(text)));
    },
  );

  it("reads a hand-written MPD with what MPDs carry: prolog, comments, CDATA, entities, prefixes", () => {
    const text = [
      "\uFEFF<?xml version='1.0' encoding='UTF-8'?>\r\n<!DOCTYPE MPD [ <!ELEMENT MPD ANY> ]>",
      '<!-- packager --><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013"',
      '  type="static" mediaPresentationDuration="PT6S">',
      "<BaseURL>https://cdn.example/v/?a=1&amp;b=&#x32;&#51;</BaseURL>",
      '<Period id="p&lt;0&gt;" start="PT0S"><AdaptationSet contentType="video" mimeType="video/mp4">',
      "<Label><![CDATA[main <video>]]></Label>",
      '<SegmentTemplate media="seg-$Number$.m4s" initialization="init.mp4" duration="2" startNumber="1"/>',
      "<Representation id='v&apos;1' bandwidth=\"1000\" width = '320' height=\"180\"/>",
      "</AdaptationSet></Period></MPD>\n<!-- end -->\n",
    ].join("\n");
    expect(ours(text)).toEqual(reference(text));
    expect(playlistsOf(parseXml(text))).toEqual(playlistsOf(stringToMpdXml(text)));
    const root = parseXml(text);
    expect(root.attributes.map(({ name }) => name)).toContain("xmlns:cenc");
    expect(root.childNodes.find((node) => node.tagName === "BaseURL")?.textContent).toBe(
      "https://cdn.example/v/?a=1&b=23",
    );
  });

  it("normalises literal tabs and newlines in attribute values to spaces, as XML requires", () => {
    const root = parseXml('<MPD a="x\ty\r\nz" b="&#10;"/>');
    expect(root.attributes).toEqual([
      { name: "a", value: "x y z" },
      { name: "b", value: "\n" },
    ]);
  });
});

const NAMES = ["MPD", "Period", "S", "cenc:pssh", "a_b", "x-y", "v.2", "Ünï"];
const CHARS = ["a", " ", "\t", "\n", "&", "<", ">", '"', "'", "é", "😀", "]", "$"];
const escapeText = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const escapeAttribute = (text: string) =>
  escapeText(text).replaceAll('"', "&quot;").replaceAll("\t", "&#9;").replaceAll("\n", "&#xA;");

/** Random well-formed documents with an MPD root: nested elements, text, CDATA, comments. */
const documents = fc.letrec<{ node: string; element: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }).map((chars) => {
      const text = chars.join("");
      return text === "" ? "<!-- c -->" : escapeText(text);
    }),
    fc.string({ maxLength: 8 }).map((text) => `<![CDATA[${text.replaceAll("]]>", "")}]]>`),
    tie("element"),
  ),
  element: fc
    .record({
      name: fc.constantFrom(...NAMES),
      attributes: fc.uniqueArray(
        fc.tuple(
          fc.constantFrom("id", "t", "d", "xmlns:x", "media"),
          fc.array(fc.constantFrom(...CHARS), { maxLength: 6 }),
        ),
        { maxLength: 3, selector: ([name]) => name },
      ),
      children: fc.array(tie("node"), { maxLength: 4 }),
    })
    .map(({ name, attributes, children }) => {
      const attributeText = attributes
        .map(([attribute, chars]) => ` ${attribute}="${escapeAttribute(chars.join(""))}"`)
        .join("");
      return children.length === 0
        ? `<${name}${attributeText}/>`
        : `<${name}${attributeText}>${children.join("")}</${name}>`;
    }),
}));

describe("parseXml against xmldom", () => {
  it("builds the same tree from any well-formed document", () => {
    fc.assert(
      fc.property(fc.array(documents.node, { maxLength: 5 }), (children) => {
        const text = `<?xml version="1.0"?>\n<MPD type="static">${children.join("")}</MPD>`;
        expect(ours(text)).toEqual(reference(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseXml refuses what a browser's XML parser refuses", () => {
  it.each([
    ["", "Root element is missing"],
    ["<MPD>", "Missing end tag for element MPD"],
    ["<MPD></Period>", "Missing end tag for element MPD"],
    ["<MPD><Period></MPD></Period>", "Missing end tag for element Period"],
    ["<MPD/><MPD/>", "Extra content at the end of the document"],
    ["text<MPD/>", "Root element is missing"],
    ["<MPD/>tail", "Extra content at the end of the document"],
    ["<MPD a=1/>", "Attribute value expected"],
    ['<MPD a="1" a="2"/>', "Duplicate attribute: a"],
    ['<MPD a="1"b="2"/>', "Unclosed start tag for element `MPD`"],
    ['<MPD a="<"/>', "Unescaped `<` is not allowed in an attribute value"],
    ["<MPD>&nbsp;</MPD>", "Named entity isn't defined: &nbsp;"],
    ["<MPD>a & b</MPD>", "Unterminated reference"],
    ["<MPD>&#0;</MPD>", "Character reference resolves to an invalid character"],
    ["<MPD>&#x110000;</MPD>", "Character reference resolves to an invalid character"],
    ["<MPD><!-- open</MPD>", "Unclosed comment"],
    ["<MPD><![CDATA[x</MPD>", "Unclosed CDATA section"],
    ['<MPD a="1/>', "Unclosed attribute"],
    ["<1MPD/>", "Root element is missing or invalid"],
  ])("%j: %s", (text, message) => {
    expect(() => parseXml(text)).toThrow(XmlError);
    expect(() => parseXml(text)).toThrow(message);
  });

  it(`refuses elements nested deeper than ${String(MAX_XML_DEPTH)}`, () => {
    const nested = (depth: number) => "<a>".repeat(depth) + "</a>".repeat(depth);
    expect(parseXml(nested(MAX_XML_DEPTH)).tagName).toBe("a");
    expect(() => parseXml(nested(MAX_XML_DEPTH + 1))).toThrow("nested too deep");
    // Deep enough to exhaust the recursive parser's stack: still an XmlError, not a RangeError.
    expect(() => parseXml(nested(200_000))).toThrow(XmlError);
  });
});
