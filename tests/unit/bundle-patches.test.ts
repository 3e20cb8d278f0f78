// The dependency substitutions of scripts/bundle-patches.cjs: each still matches the installed
// dependency, leaves no code generation or dynamic innerHTML behind, and zod parses the same with
// them (its interpreter) as without them (its generated object parsers).
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { bundleExtensionScripts, bundlePatches } from "../../scripts/bundle-extension-scripts";
import { PATCHED_FILES, patchSource } from "../../scripts/bundle-patches.cjs";

const installed = (file: string) => resolve("node_modules", file);

describe("bundle patches", () => {
  it("match every file they name and leave no Function or innerHTML assignment", () => {
    for (const file of PATCHED_FILES) {
      const path = installed(file);
      const original = readFileSync(path, "utf8");
      const patched = patchSource(path, original);
      expect(patched, file).toBeDefined();
      expect(patched, file).not.toBe(original);
      expect(patched, file).not.toMatch(/\bFunction\s*[;(]|\.innerHTML\s*=\s*b\b/);
    }
  });

  it("leave other files alone and refuse a file that changed", () => {
    expect(patchSource(installed("zod/v4/core/schemas.js"), "x")).toBeUndefined();
    expect(() => patchSource(installed("zod/v4/core/util.js"), "// changed")).toThrow(/expected 1/);
  });

  it("keep zod's parsing unchanged, without generating code", async () => {
    const bundle = async (patched: boolean) => {
      const result = await build({
        stdin: {
          contents: `import * as z from "zod/mini"; import * as core from "zod/v4/core";
            globalThis.zod = { z, allowsEval: () => core.util.allowsEval.value };`,
          resolveDir: process.cwd(),
        },
        bundle: true,
        write: false,
        format: "iife",
        logLevel: "silent",
        plugins: patched ? [bundlePatches] : [],
      });
      return result.outputFiles[0]?.text ?? "";
    };
    interface Zod {
      z: typeof import("zod/mini");
      allowsEval: () => boolean;
    }
    const load = (code: string, strings: boolean) => {
      const context: { zod?: Zod } = {};
      runInNewContext(code, context, { contextCodeGeneration: { strings, wasm: false } });
      if (context.zod === undefined) throw new Error("bundle did not load");
      return context.zod;
    };
    // The unpatched zod with code generation allowed (Node, the unit tests) uses generated object
    // parsers; the patched one runs where code generation from strings is forbidden, as in an
    // extension page.
    const jit = load(await bundle(false), true);
    const shipped = load(await bundle(true), false);
    expect(jit.allowsEval()).toBe(true);
    expect(shipped.allowsEval()).toBe(false);

    const schema = ({ z }: Zod) =>
      z.object({
        id: z.string().check(z.minLength(2)),
        count: z.optional(z.number().check(z.int(), z.nonnegative())),
        nested: z.object({ flag: z.boolean(), list: z.array(z.string()) }),
        choice: z.union([z.literal("a"), z.literal("b")]),
      });
    const inputs: unknown[] = [
      { id: "ab", count: 3, nested: { flag: true, list: ["x"] }, choice: "a", extra: 1 },
      { id: "a", count: -1, nested: { flag: "no", list: [1] }, choice: "c" },
      { id: "abc", nested: { flag: false, list: [] }, choice: "b" },
      null,
      [],
      { nested: null },
    ];
    const jitSchema = schema(jit);
    const shippedSchema = schema(shipped);
    for (const input of inputs) {
      const a = jitSchema.safeParse(input);
      const b = shippedSchema.safeParse(input);
      expect(JSON.stringify(b.success ? b.data : b.error.issues)).toBe(
        JSON.stringify(a.success ? a.data : a.error.issues),
      );
    }
  });

  it("are wired into the esbuild bundles", () => {
    expect(bundleExtensionScripts.toString()).toContain("bundlePatches");
  });
});
