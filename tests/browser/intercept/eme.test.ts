/**
 * Pages that use EME are left alone: hls.js plays a clear HLS stream in an element that has
 * ClearKey MediaKeys (set before the stream loads, as a DRM page does) through the real page
 * hook with a recording engine, and the engine hears nothing but the frame standing aside (its
 * reason kept by the relay for the popup): no queue, no get, no put, no match. The same page
 * without MediaKeys does reach the engine (the check can fail).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HlsStream, makeHlsVod } from "../../../harness/streams.js";
import type { InterceptRig } from "../support/intercept-browser.js";
import {
  engineLog,
  playerState,
  startPlayer,
  startPositionRig,
} from "../support/position-calls.js";
import { waitFor } from "../support/wait-for.js";

let rig: InterceptRig;
let stream: HlsStream;

beforeAll(async () => {
  stream = await makeHlsVod({ seconds: 40, segmentSeconds: 2, bitrate: "600k", size: "640x360" });
  rig = await startPositionRig({ hls: stream.dir });
});
afterAll(async () => {
  await rig.close();
});

describe("EME", () => {
  for (const eme of [false, true]) {
    it(
      eme ? "a page with MediaKeys gets no engine traffic" : "without MediaKeys the engine is used",
      async () => {
        const page = await rig.open("/players.html");
        await startPlayer(page, "hls", `${rig.origin.base}/streams/hls/index.m3u8`, {
          eme,
          rate: 2,
        });
        await waitFor(
          async () => (await playerState(page)).currentTime > 6,
          30_000,
          "6 s of playback",
        );
        const kinds = (await engineLog(page)).map((entry) => entry.kind);
        if (eme) {
          expect(kinds).toEqual(["stand-aside"]);
        } else {
          expect(kinds).toContain("load");
          expect(kinds).toContain("get");
        }
        expect((await playerState(page)).errors).toEqual([]);
        await page.context().close();
      },
    );
  }
});
