// A Parcel resolver (first in .parcelrc, before Plasmo's) that hands Parcel the substituted text
// of the dependency files scripts/bundle-patches.cjs names, instead of letting it read them from
// disk. Those files are all reached by relative imports inside their packages, so only relative
// specifiers from node_modules are looked at; everything else goes on to the next resolver.
"use strict";

const { readFile } = require("fs/promises");
const path = require("path");
const { Resolver } = require("@parcel/plugin");
const { patchedFile, patchSource } = require("./bundle-patches.cjs");

module.exports = new Resolver({
  async resolve({ dependency, specifier }) {
    const from = dependency.resolveFrom ?? dependency.sourcePath;
    if (from === undefined || from === null || !specifier.startsWith(".")) return null;
    if (!from.includes(`${path.sep}node_modules${path.sep}`)) return null;
    const filePath = path.resolve(path.dirname(from), specifier);
    if (patchedFile(filePath) === undefined) return null;
    let code;
    try {
      code = patchSource(filePath, await readFile(filePath, "utf8"));
    } catch (error) {
      // Parcel reports only "Failed to resolve" for a resolver's error: say why.
      console.error(String(error));
      throw error;
    }
    return {
      filePath,
      code,
      invalidateOnFileChange: [filePath, require.resolve("./bundle-patches.cjs")],
    };
  },
});
