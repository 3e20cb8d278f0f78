// Source substitutions that both bundlers apply to a few files of dependencies, so that the
// shipped extension holds no code generation from strings and no dynamic `innerHTML` (what
// Mozilla's addons-linter reports as DANGEROUS_EVAL and UNSAFE_VAR_ASSIGNMENT). Parcel (Plasmo)
// applies them through scripts/parcel-resolver-bundle-patches.cjs (.parcelrc), esbuild through a
// plugin in scripts/bundle-extension-scripts.ts.
//
// Neither changes what the extension does:
// - zod 4 builds a faster object parser with `new Function` when its probe `allowsEval` can create
//   a function (core/util.js, core/doc.js), and `z.core.compile` does the same (core/compile.js).
//   An extension page's CSP forbids that, so in the extension the probe already fails and zod
//   already parses with its interpreter. Here `Function` is replaced by a function that throws the
//   EvalError such a CSP throws: the probe answers false without trying, and the code that would
//   generate code is left without the means to.
// - React DOM writes `innerHTML` only for `dangerouslySetInnerHTML`, which no UI code uses (eslint
//   forbids it). Its setter now throws instead.
//
// Each substitution must match its file exactly as many times as stated, or the build fails: a
// dependency update that changes one of these files is noticed, not silently shipped unpatched.
// This file is CommonJS, with unprefixed Node built-ins, so that Parcel can load the resolver that
// requires it.
"use strict";

const path = require("path");

const NO_CODEGEN =
  'function () { throw new EvalError("code generation from strings is disabled in this extension"); }';

/** @type {{ file: string; find: string; replace: string; count: number }[]} */
const PATCHES = [
  ...["zod/v4/core/util.js", "zod/v4/core/doc.js", "zod/v4/core/compile.js"].map((file) => ({
    file,
    find: "const F = Function;",
    replace: `const F = ${NO_CODEGEN};`,
    count: 1,
  })),
  {
    file: "react-dom/cjs/react-dom.production.min.js",
    find:
      'function(a,b){if("http://www.w3.org/2000/svg"!==a.namespaceURI||"innerHTML"in a)a.innerHTML=b;' +
      'else{mb=mb||document.createElement("div");mb.innerHTML="<svg>"+b.valueOf().toString()+"</svg>";' +
      "for(b=mb.firstChild;a.firstChild;)a.removeChild(a.firstChild);for(;b.firstChild;)a.appendChild(b.firstChild)}}",
    replace:
      'function(){throw Error("dangerouslySetInnerHTML is not supported in this extension")}',
    count: 1,
  },
];

/** The dependency files that get substituted, as paths relative to node_modules/. */
const PATCHED_FILES = [...new Set(PATCHES.map((p) => p.file))];

/** The file under node_modules/ that `filePath` is, in the form PATCHES names it, if it is one. */
function patchedFile(filePath) {
  const parts = path.resolve(filePath).split(path.sep);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return undefined;
  const file = parts.slice(at + 1).join("/");
  return PATCHED_FILES.includes(file) ? file : undefined;
}

/**
 * `code` (the text of `filePath`) with its substitutions applied, or undefined when the file is not
 * one to patch. Throws when a substitution does not match the stated number of times.
 */
function patchSource(filePath, code) {
  const file = patchedFile(filePath);
  if (file === undefined) return undefined;
  let out = code;
  for (const patch of PATCHES.filter((p) => p.file === file)) {
    const found = out.split(patch.find).length - 1;
    if (found !== patch.count) {
      throw new Error(
        `bundle-patches: ${file} holds ${String(found)} copies of ${JSON.stringify(patch.find.slice(0, 60))}, ` +
          `expected ${String(patch.count)}: the dependency changed, review scripts/bundle-patches.cjs`,
      );
    }
    out = out.split(patch.find).join(patch.replace);
  }
  return out;
}

module.exports = { PATCHED_FILES, patchedFile, patchSource };
