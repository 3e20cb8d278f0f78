/** The 128 px icon the stores show: 96 px of art centred in 16 px of transparent margin. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** The bounding box of the non-transparent pixels of a square PNG (decoded by ffmpeg). */
function artBox(file: string, size: number) {
  const rgba = execFileSync("ffmpeg", [
    ...["-v", "error", "-i", file, "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
  ]);
  expect(rgba.byteLength).toBe(size * size * 4);
  let [left, top, right, bottom] = [size, size, -1, -1];
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if ((rgba[(y * size + x) * 4 + 3] ?? 0) > 0) {
        [left, top] = [Math.min(left, x), Math.min(top, y)];
        [right, bottom] = [Math.max(right, x), Math.max(bottom, y)];
      }
  return { left, top, right, bottom };
}

describe("assets/icon128.png (npm run store:icons)", () => {
  it("is 96 px of art with a 16 px transparent margin", () => {
    expect(artBox("assets/icon128.png", 128)).toEqual({
      left: 16,
      top: 16,
      right: 111,
      bottom: 111,
    });
  });
});
