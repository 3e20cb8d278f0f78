/**
 * `npm run sizes [-- BUILD_DIR]`: the bytes and gzip bytes of every shipped script (after
 * `npm run build`; BUILD_DIR is `build` by default) against its budget (scripts/bundle-sizes.ts).
 * Exits 1 when a bundle is over its budget.
 */
import { measureBundles } from "./bundle-sizes";

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

const measured = await measureBundles(process.argv[2] ?? "build");
const rows = measured.map(({ bundle, path, bytes, gzipBytes }) => [
  bundle.name,
  path,
  kb(bytes),
  kb(gzipBytes),
  kb(bundle.budget),
  bytes > bundle.budget ? "OVER" : "ok",
]);
const header = ["bundle", "file", "minified", "gzip", "budget", ""];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
);
const numeric = new Set([2, 3, 4]);
for (const row of [header, ...rows]) {
  const cells = row.map((cell, column) =>
    numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
  );
  console.log(cells.join("  ").trimEnd());
}
const total = measured.reduce((sum, { bytes }) => sum + bytes, 0);
console.log(`total ${kb(total)}`);
if (rows.some((row) => row[5] === "OVER")) process.exitCode = 1;
