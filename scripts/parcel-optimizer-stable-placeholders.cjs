// A Parcel optimizer (first in .parcelrc's JS pipeline, before Plasmo's) that makes the bundles
// independent of where the project sits on disk, so that a build from the source archive
// (scripts/make-source-archive.ts) gives the same bytes as the original.
//
// Parcel 2.9's JS transformer rewrites each CommonJS require, dynamic import and URL dependency
// to a placeholder, a hash of the importing file's ABSOLUTE path, the specifier and the kind
// (`require("ad73aad0a2caab89")`, mapped to the target module in the bundle's dependency table).
// Parcel fixed this later (it hashes the project-relative path); Plasmo 0.90 pins 2.9.3. Here
// every placeholder of the bundle becomes a hash of the importing module's public id (itself
// project-relative), the specifier, the specifier type and the priority, before minification.
"use strict";

const { Buffer } = require("buffer");
const { createHash } = require("crypto");
const { Optimizer } = require("@parcel/plugin");

/** @param {string} text */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

module.exports = new Optimizer({
  async optimize({ bundle, bundleGraph, contents, map }) {
    /** @type {Map<string, string>} old placeholder -> stable one */
    const stable = new Map();
    /** @type {Map<string, string>} stable placeholder -> what it was made from */
    const origin = new Map();
    bundle.traverseAssets((asset) => {
      const assetId = bundleGraph.getAssetPublicId(asset);
      for (const dep of bundleGraph.getDependencies(asset)) {
        const placeholder = dep.meta.placeholder;
        if (typeof placeholder !== "string") continue;
        const key = `${assetId}:${dep.specifier}:${dep.specifierType}:${dep.priority}`;
        const next = createHash("sha256").update(key).digest("hex").slice(0, 16);
        const previous = stable.get(placeholder);
        if (previous !== undefined && previous !== next)
          throw new Error(`placeholder ${placeholder} stands for two dependencies (${key})`);
        const clash = origin.get(next);
        if (clash !== undefined && clash !== key)
          throw new Error(`stable placeholders of ${clash} and ${key} collide`);
        stable.set(placeholder, next);
        origin.set(next, key);
      }
    });
    if (stable.size === 0) return { contents, map };
    let code;
    if (typeof contents === "string") code = contents;
    else if (Buffer.isBuffer(contents)) code = contents.toString("utf8");
    else throw new Error(`${bundle.name}: expected the bundle's text, got a stream`);
    // Placeholders are string literals: the keys of the dependency table (JSON) and the
    // arguments of the rewritten require calls.
    const pattern = new RegExp(`(["'])(${[...stable.keys()].map(escapeRegExp).join("|")})\\1`, "g");
    code = code.replace(
      pattern,
      (_match, quote, placeholder) => `${quote}${stable.get(placeholder)}${quote}`,
    );
    // The map (none in store builds) keeps its columns: a line with a replaced placeholder may be
    // off by the few characters the lengths differ.
    return { contents: code, map };
  },
});
