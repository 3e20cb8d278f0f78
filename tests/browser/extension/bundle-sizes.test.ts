/**
 * Every shipped script within its budget (scripts/bundle-sizes.ts, where the budgets are and
 * why), read from `npm run build`'s output: a bundle that grows past its budget has taken in
 * something new. `npm run sizes` prints the same figures.
 */
import { describe, expect, it } from "vitest";
import { measureBundles } from "../../../scripts/bundle-sizes";

const measured = await measureBundles("build");

describe("bundle sizes", () => {
  it.each(measured.map((entry) => [entry.bundle.name, entry] as const))(
    "%s is within its budget",
    (_name, { path, bytes, bundle }) => {
      expect(
        bytes,
        `${path}: ${String(bytes)} bytes, budget ${String(bundle.budget)}`,
      ).toBeLessThanOrEqual(bundle.budget);
    },
  );
});
