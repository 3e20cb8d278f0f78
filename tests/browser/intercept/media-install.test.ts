/**
 * The media watch in real Chromium: URL.createObjectURL, MediaSource.prototype.addSourceBuffer
 * and HTMLMediaElement.prototype.setMediaKeys look and behave like the natives to page scripts,
 * the originals are out of reach, a second install changes nothing, and uninstalling restores
 * them.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InterceptRig } from "../support/intercept-browser.js";
import { startPositionRig } from "../support/position-calls.js";

let rig: InterceptRig;

beforeAll(async () => {
  rig = await startPositionRig({});
});
afterAll(async () => {
  await rig.close();
});

/** What page scripts can observe about the three members. */
function appearance(page: Page) {
  return page.evaluate(async () => {
    type Fn = ((...args: unknown[]) => unknown) & { name: string; length: number };
    const members: Record<string, [object, string]> = {
      createObjectURL: [URL, "createObjectURL"],
      addSourceBuffer: [MediaSource.prototype, "addSourceBuffer"],
      setMediaKeys: [HTMLMediaElement.prototype, "setMediaKeys"],
    };
    const looks: Record<string, unknown> = {};
    for (const [name, [target, key]] of Object.entries(members)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key) ?? {};
      const fn = descriptor.value as Fn;
      let constructed = "";
      try {
        Reflect.construct(fn, []);
        constructed = "constructed";
      } catch (error) {
        constructed = (error as Error).constructor.name;
      }
      looks[name] = {
        text: `${fn.name}/${String(fn.length)}/${String(fn)}`,
        hasPrototype: "prototype" in fn,
        constructed,
        descriptor: { ...descriptor, value: typeof descriptor.value },
      };
    }
    const errorOf = (run: () => unknown) => {
      try {
        run();
        return "none";
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    };
    const source = new MediaSource();
    const url = URL.createObjectURL(source);
    const video = document.createElement("video");
    document.body.append(video);
    video.src = url;
    await new Promise((resolve) => {
      source.addEventListener("sourceopen", resolve, { once: true });
    });
    const buffer = source.addSourceBuffer('video/mp4; codecs="avc1.42E01E"');
    const keysError = await video.setMediaKeys(null).then(
      () => "none",
      (error: unknown) => String(error),
    );
    const result = {
      looks,
      keys: {
        url: Reflect.ownKeys(URL).map(String),
        source: Reflect.ownKeys(MediaSource.prototype).map(String),
        media: Reflect.ownKeys(HTMLMediaElement.prototype).map(String),
      },
      behaviour: {
        url: url.startsWith(`blob:${location.origin}/`),
        blobUrl: URL.createObjectURL(new Blob(["x"])).startsWith("blob:"),
        buffer: buffer instanceof SourceBuffer && source.sourceBuffers.length === 1,
        badMime: errorOf(() => source.addSourceBuffer("video/unknown")),
        badThis: errorOf(() =>
          Reflect.apply(
            Reflect.get<MediaSource, "addSourceBuffer">(MediaSource.prototype, "addSourceBuffer"),
            {},
            ["video/mp4"],
          ),
        ),
        badUrl: errorOf(() => URL.createObjectURL({} as Blob)),
        keysError,
      },
    };
    video.remove();
    return result;
  });
}

describe("the media watch's wrappers", () => {
  it("look and behave like the natives to page scripts", async () => {
    const hooked = await appearance(await rig.open("/blank.html"));
    const plain = await appearance(await rig.open("/blank.html?hook=0"));
    expect(hooked).toEqual(plain);
    expect(hooked.looks.addSourceBuffer).toMatchObject({
      text: "addSourceBuffer/1/function addSourceBuffer() { [native code] }",
      hasPrototype: false,
      constructed: "TypeError",
    });
  });

  it("keep the originals out of the page's reach", async () => {
    const hooked = await rig.open("/blank.html");
    expect(await hooked.evaluate(() => window.__ptest.reachesOriginal())).toBe(false);
    // The walk does find them when they are there.
    const plain = await rig.open("/blank.html?hook=0");
    expect(await plain.evaluate(() => window.__ptest.reachesOriginal())).toBe(true);
  });

  it("are installed once, and uninstall to the originals", async () => {
    const page = await rig.open("/blank.html");
    const result = await page.evaluate(async () => {
      const read = () => [
        Reflect.get(URL, "createObjectURL") as unknown,
        Reflect.get(MediaSource.prototype, "addSourceBuffer") as unknown,
        Reflect.get(HTMLMediaElement.prototype, "setMediaKeys") as unknown,
      ];
      const before = read();
      const undo = window.__ptest.install(); // already installed: changes nothing
      const same = read().every((member, index) => member === before[index]);
      undo();
      const stillHooked = read().every((member, index) => member === before[index]);
      const kept = before[1] as MediaSource["addSourceBuffer"];
      window.__ptest.uninstall();
      const restored = window.__ptest.restored();
      // A wrapper the page kept still works, as the native.
      const source = new MediaSource();
      const video = document.createElement("video");
      video.src = URL.createObjectURL(source);
      await new Promise((resolve) => {
        source.addEventListener("sourceopen", resolve, { once: true });
      });
      const buffer = kept.call(source, 'audio/mp4; codecs="mp4a.40.2"');
      return {
        same,
        stillHooked,
        restored,
        reaches: window.__ptest.reachesOriginal(),
        kept: buffer instanceof SourceBuffer,
        symbols: Object.getOwnPropertySymbols(window).length,
      };
    });
    expect(result).toEqual({
      same: true,
      stillHooked: true,
      restored: { createObjectURL: true, addSourceBuffer: true, setMediaKeys: true },
      reaches: true,
      kept: true,
      symbols: 0,
    });
  });
});
