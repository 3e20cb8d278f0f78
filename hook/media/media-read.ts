import { call } from "../intercept/natives";
import type { TimeRange } from "../position/types";
import type { MediaNatives } from "./media-natives";

/** Taken when the hook loads, before page scripts could replace it. */
const prototypeOf = Reflect.getPrototypeOf;

export const isObject = (value: unknown): value is object =>
  (typeof value === "object" || typeof value === "function") && value !== null;

/** The content type a SourceBuffer's MIME type names ("video/mp4; codecs=..." -> "video"). */
export function contentTypeOf(mime: unknown): "video" | "audio" | undefined {
  if (typeof mime !== "string") return undefined;
  const type = mime.trim().slice(0, 6).toLowerCase();
  if (type === "video/") return "video";
  if (type === "audio/") return "audio";
  return undefined;
}

/** A TimeRanges as plain [start, end) pairs, read through the native getters. */
export function readRanges(natives: MediaNatives, ranges: TimeRanges): TimeRange[] {
  const length = call(natives, natives.rangesLength, ranges);
  const result: TimeRange[] = [];
  for (let index = 0; index < length; index++) {
    result.push([
      call(natives, natives.rangeStart, ranges, index),
      call(natives, natives.rangeEnd, ranges, index),
    ]);
  }
  return result;
}

/**
 * The media element playing `source`: one of the document's video/audio elements whose current
 * source is the MediaSource's blob: URL (set as `src` or on a `<source>` child) or whose
 * srcObject is the MediaSource itself. An element outside the document is not found; the hook
 * then keeps the request-driven queue.
 */
export function findElement(
  natives: MediaNatives,
  source: object,
  url: string | undefined,
): HTMLMediaElement | undefined {
  for (const tag of ["video", "audio"]) {
    const elements = call(natives, natives.getElementsByTagName, natives.document, tag);
    const length = call(natives, natives.collectionLength, elements);
    for (let index = 0; index < length; index++) {
      const element = call(natives, natives.collectionItem, elements, index) as HTMLMediaElement;
      if (url !== undefined && call(natives, natives.currentSrc, element) === url) return element;
      const srcObject = natives.srcObject;
      if (srcObject !== undefined && call(natives, srcObject, element) === source) return element;
    }
  }
  return undefined;
}

/**
 * Whether a video/audio element of the document plays a MediaSourceHandle: its MediaSource lives
 * in a dedicated worker, which fetches the segments where the page hook does not reach.
 */
export function playsFromWorker(natives: MediaNatives): boolean {
  const { srcObject, mediaSourceHandleProto } = natives;
  if (srcObject === undefined || mediaSourceHandleProto === undefined) return false;
  for (const tag of ["video", "audio"]) {
    const elements = call(natives, natives.getElementsByTagName, natives.document, tag);
    const length = call(natives, natives.collectionLength, elements);
    for (let index = 0; index < length; index++) {
      const element = call(natives, natives.collectionItem, elements, index) as HTMLMediaElement;
      const source = call(natives, srcObject, element);
      if (isObject(source) && prototypeOf(source) === mediaSourceHandleProto) {
        return true;
      }
    }
  }
  return false;
}

/** Whether the element has MediaKeys (false where EME does not exist). */
export function hasMediaKeys(natives: MediaNatives, element: HTMLMediaElement): boolean {
  const mediaKeys = natives.mediaKeys;
  if (mediaKeys === undefined) return false;
  const keys = call(natives, mediaKeys, element);
  return keys !== null && keys !== undefined;
}
