/**
 * The 128 px icon with the margin the stores ask for (Chrome Web Store: 96x96 art centred with
 * 16 px of transparent padding; addons.mozilla.org shows the same icon), made with ffmpeg from the
 * art in assets/icon.png (512 px, the art filling it but for a 16 px border).
 *
 * Writes assets/icon128.png, which Plasmo uses as is for the manifest's 128 px icon (it still
 * scales assets/icon.png for 16 to 64 px, where toolbar icons want no padding). Run it after
 * changing the art: `npm run store:icons`.
 */
import { execFileSync } from "node:child_process";

const SOURCE = "assets/icon.png";
/** The art's square inside SOURCE (its non-transparent pixels span 17..495). */
const ART = { x: 16, y: 16, size: 480 };

export function paddedIcon(out: string, size: number, art: number): void {
  const margin = (size - art) / 2;
  execFileSync("ffmpeg", [
    ...["-v", "error", "-y", "-i", SOURCE],
    "-vf",
    [
      `crop=${String(ART.size)}:${String(ART.size)}:${String(ART.x)}:${String(ART.y)}`,
      `scale=${String(art)}:${String(art)}:flags=lanczos`,
      `pad=${String(size)}:${String(size)}:${String(margin)}:${String(margin)}:color=black@0`,
    ].join(","),
    ...["-pix_fmt", "rgba", "-frames:v", "1", out],
  ]);
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  paddedIcon("assets/icon128.png", 128, 96);
  console.log("wrote assets/icon128.png (96 px art, 16 px margin)");
}
