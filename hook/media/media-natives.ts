/**
 * The platform functions the media watch uses, taken once at install time (document_start,
 * before page scripts), so a page that later patches MediaSource, SourceBuffer, TimeRanges or
 * HTMLMediaElement cannot change what the hook reads. Every read goes through a captured getter
 * called on the real object (a brand check: a fake object throws, and the caller catches).
 */
import type { HookWindow } from "../intercept";

type Getter<T, R> = (this: T) => R;
type Method = (this: unknown, ...args: unknown[]) => unknown;

/** A method the watch replaces: where it lives and what was there. */
export interface Patchable {
  target: object;
  name: string;
  descriptor: PropertyDescriptor;
  original: Method;
}

export interface MediaNatives {
  readonly window: HookWindow;
  readonly document: Document;
  readonly apply: typeof Reflect.apply;
  readonly bind: <T>(this: T, thisArg: unknown) => T;
  readonly functionToString: (this: unknown) => string;
  readonly addEventListener: EventTarget["addEventListener"];
  readonly removeEventListener: EventTarget["removeEventListener"];
  readonly sourceReadyState: Getter<MediaSource, string>;
  readonly sourceBufferBuffered: Getter<SourceBuffer, TimeRanges>;
  readonly rangesLength: Getter<TimeRanges, number>;
  readonly rangeStart: (this: TimeRanges, index: number) => number;
  readonly rangeEnd: (this: TimeRanges, index: number) => number;
  readonly currentTime: Getter<HTMLMediaElement, number>;
  readonly paused: Getter<HTMLMediaElement, boolean>;
  readonly playbackRate: Getter<HTMLMediaElement, number>;
  readonly mediaBuffered: Getter<HTMLMediaElement, TimeRanges>;
  readonly currentSrc: Getter<HTMLMediaElement, string>;
  /** Absent where the platform has no srcObject. */
  readonly srcObject: Getter<HTMLMediaElement, unknown> | undefined;
  /** Absent outside secure contexts (EME is [SecureContext]). */
  readonly mediaKeys: Getter<HTMLMediaElement, unknown> | undefined;
  readonly getElementsByTagName: (this: Document, name: string) => HTMLCollection;
  readonly collectionLength: Getter<HTMLCollection, number>;
  readonly collectionItem: (this: HTMLCollection, index: number) => Element | null;
  /** URL.createObjectURL: tells the watch which blob: URL stands for which MediaSource. */
  readonly createObjectURL: Patchable;
  /** addSourceBuffer of MediaSource.prototype, and of ManagedMediaSource.prototype if its own. */
  readonly addSourceBuffer: Patchable[];
  /** HTMLMediaElement.prototype.setMediaKeys, where EME exists. */
  readonly setMediaKeys: Patchable | undefined;
  /** RTCPeerConnection.prototype.createDataChannel, where WebRTC exists. */
  readonly createDataChannel: Patchable | undefined;
  /** MediaSourceHandle.prototype, where MediaSource runs in workers (an element's srcObject). */
  readonly mediaSourceHandleProto: object | undefined;
}

function descriptorOf(target: object, name: string): PropertyDescriptor | undefined {
  return Object.getOwnPropertyDescriptor(target, name);
}

/** The `get` of an accessor (read with Reflect.get: a descriptor's get is not a method call). */
function getOf(proto: object, name: string): unknown {
  const descriptor = descriptorOf(proto, name);
  return descriptor === undefined ? undefined : Reflect.get(descriptor, "get");
}

function getter<T, R>(proto: object, name: string): Getter<T, R> {
  const get = getOf(proto, name);
  if (typeof get !== "function") throw new TypeError(`no native getter ${name}`);
  return get as Getter<T, R>;
}

function optionalGetter<T, R>(proto: object, name: string): Getter<T, R> | undefined {
  const get = getOf(proto, name);
  return typeof get === "function" ? (get as Getter<T, R>) : undefined;
}

function method(proto: object, name: string): never {
  const value: unknown = descriptorOf(proto, name)?.value;
  if (typeof value !== "function") throw new TypeError(`no native method ${name}`);
  return value as never;
}

function patchable(target: object, name: string): Patchable | undefined {
  const descriptor = descriptorOf(target, name);
  const original: unknown = descriptor?.value;
  if (descriptor === undefined || typeof original !== "function") return undefined;
  return { target, name, descriptor, original: original as Method };
}

/** The prototype of the window's class `name`, if it has one. */
function prototypeOf(win: HookWindow, name: string): object | undefined {
  const constructor: unknown = Reflect.get(win, name);
  if (typeof constructor !== "function") return undefined;
  const proto: unknown = Reflect.get(constructor, "prototype");
  return typeof proto === "object" && proto !== null ? proto : undefined;
}

/** RTCPeerConnection.prototype.createDataChannel, where the window has WebRTC. */
function dataChannelPatch(win: HookWindow): Patchable | undefined {
  const proto = prototypeOf(win, "RTCPeerConnection");
  return proto === undefined ? undefined : patchable(proto, "createDataChannel");
}

/**
 * Captures the natives, or undefined when the window has no MediaSource (the watch then stays
 * out and the hook queues from requests alone). Throws when an expected native is missing.
 */
export function captureMediaNatives(win: HookWindow): MediaNatives | undefined {
  const MediaSourceClass: unknown = Reflect.get(win, "MediaSource");
  const ManagedClass: unknown = Reflect.get(win, "ManagedMediaSource");
  if (typeof MediaSourceClass !== "function") return undefined;
  const sourceProto = (MediaSourceClass as typeof MediaSource).prototype;
  const own = patchable(sourceProto, "addSourceBuffer");
  if (own === undefined) throw new TypeError("no native MediaSource.prototype.addSourceBuffer");
  const addSourceBuffer = [own];
  if (typeof ManagedClass === "function") {
    // ManagedMediaSource inherits MediaSource's; patch its own only if it has one.
    const managed = patchable((ManagedClass as typeof MediaSource).prototype, "addSourceBuffer");
    if (managed !== undefined) addSourceBuffer.push(managed);
  }
  const mediaProto = win.HTMLMediaElement.prototype;
  const createObjectURL = patchable(win.URL, "createObjectURL");
  if (createObjectURL === undefined) throw new TypeError("no native URL.createObjectURL");
  return {
    window: win,
    document: win.document,
    apply: Reflect.apply,
    bind: method(win.Function.prototype, "bind"),
    functionToString: method(win.Function.prototype, "toString"),
    addEventListener: method(win.EventTarget.prototype, "addEventListener"),
    removeEventListener: method(win.EventTarget.prototype, "removeEventListener"),
    sourceReadyState: getter(sourceProto, "readyState"),
    sourceBufferBuffered: getter(win.SourceBuffer.prototype, "buffered"),
    rangesLength: getter(win.TimeRanges.prototype, "length"),
    rangeStart: method(win.TimeRanges.prototype, "start"),
    rangeEnd: method(win.TimeRanges.prototype, "end"),
    currentTime: getter(mediaProto, "currentTime"),
    paused: getter(mediaProto, "paused"),
    playbackRate: getter(mediaProto, "playbackRate"),
    mediaBuffered: getter(mediaProto, "buffered"),
    currentSrc: getter(mediaProto, "currentSrc"),
    srcObject: optionalGetter(mediaProto, "srcObject"),
    mediaKeys: optionalGetter(mediaProto, "mediaKeys"),
    getElementsByTagName: method(win.Document.prototype, "getElementsByTagName"),
    collectionLength: getter(win.HTMLCollection.prototype, "length"),
    collectionItem: method(win.HTMLCollection.prototype, "item"),
    createObjectURL,
    addSourceBuffer,
    setMediaKeys: patchable(mediaProto, "setMediaKeys"),
    createDataChannel: dataChannelPatch(win),
    mediaSourceHandleProto: prototypeOf(win, "MediaSourceHandle"),
  };
}
