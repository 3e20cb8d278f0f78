import type { SegmentMatch, SegmentSource } from "../segment-source.js";
import { call, type Natives } from "./natives.js";

/**
 * Side readers of network responses. Each runs in a promise reaction registered before the
 * player's own, so it clones the response before the player can touch the body; the clone is a
 * tee, so the player's stream is never delayed or consumed. Failures are swallowed: the page
 * must never see an error from here.
 */

/** Reads the text of a manifest candidate from a clone and hands it to the source. */
export function tapManifest(
  natives: Natives,
  source: SegmentSource,
  requestUrl: string,
  response: Response,
): void {
  try {
    const url = call(natives, natives.responseUrl, response) || requestUrl;
    const contentType = call(
      natives,
      natives.headersGet,
      call(natives, natives.responseHeaders, response),
      "content-type",
    );
    if (!okStatus(call(natives, natives.responseStatus, response))) return;
    if (!source.isManifestCandidate(url, contentType)) return;
    const copy = call(natives, natives.responseClone, response);
    call(natives, natives.responseText, copy).then(
      (text) => {
        safely(() => {
          source.observeManifest(url, contentType, text);
        });
      },
      () => undefined,
    );
  } catch {
    // A body already used or locked, a source that throws: nothing to observe.
  }
}

/** Reads the bytes of a matched segment the network delivered and gives a copy to the engine. */
export function tapSegment(
  natives: Natives,
  source: SegmentSource,
  match: SegmentMatch,
  response: Response,
): void {
  try {
    if (!okStatus(call(natives, natives.responseStatus, response))) return;
    const copy = call(natives, natives.responseClone, response);
    call(natives, natives.responseArrayBuffer, copy).then(
      (bytes) => {
        safely(() => {
          source.fromNetwork(match, bytes);
        });
      },
      () => undefined,
    );
  } catch {
    // As above: the player's response is left exactly as it was.
  }
}

/** 200 and 206 carry a body worth reading; anything else is left alone. */
export function okStatus(status: number): boolean {
  return status === 200 || status === 206;
}

/** Runs a source callback, swallowing whatever it throws. */
export function safely(callback: () => void): void {
  try {
    callback();
  } catch {
    // The source's problem; never the page's.
  }
}
