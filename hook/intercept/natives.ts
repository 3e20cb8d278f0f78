/**
 * The platform functions the hook relies on, taken from the window once at install time (the
 * hook runs at document_start, before any page script), so a page that later replaces or patches
 * a global cannot change what the hook does or see what it passes around.
 */

/** The page's window, as the hook sees it. */
export type HookWindow = Window & typeof globalThis;

type Getter<T, R> = (this: T) => R;

export interface Natives {
  readonly window: HookWindow;
  readonly fetch: (this: unknown, ...args: unknown[]) => Promise<Response>;
  readonly XMLHttpRequest: typeof XMLHttpRequest;
  readonly XMLHttpRequestEventTarget: typeof XMLHttpRequestEventTarget;
  readonly Request: typeof Request;
  readonly Response: typeof Response;
  readonly Headers: typeof Headers;
  readonly URL: typeof URL;
  readonly Blob: typeof Blob;
  readonly ReadableStream: typeof ReadableStream;
  readonly AbortController: typeof AbortController;
  readonly DOMException: typeof DOMException;
  readonly Event: typeof Event;
  readonly ProgressEvent: typeof ProgressEvent;
  readonly TextDecoder: typeof TextDecoder;
  readonly setTimeout: (handler: () => void, ms: number) => number;
  readonly clearTimeout: (id: number) => void;
  readonly apply: typeof Reflect.apply;
  readonly construct: typeof Reflect.construct;
  readonly requestUrl: Getter<Request, string>;
  readonly requestMethod: Getter<Request, string>;
  readonly requestHeaders: Getter<Request, Headers>;
  readonly requestSignal: Getter<Request, AbortSignal>;
  readonly headersGet: (this: Headers, name: string) => string | null;
  readonly responseUrl: Getter<Response, string>;
  readonly responseStatus: Getter<Response, number>;
  readonly responseHeaders: Getter<Response, Headers>;
  readonly responseClone: (this: Response) => Response;
  readonly responseText: (this: Response) => Promise<string>;
  readonly responseArrayBuffer: (this: Response) => Promise<ArrayBuffer>;
  readonly signalAborted: Getter<AbortSignal, boolean>;
  readonly addEventListener: EventTarget["addEventListener"];
  readonly removeEventListener: EventTarget["removeEventListener"];
  readonly dispatchEvent: EventTarget["dispatchEvent"];
  readonly stopImmediatePropagation: (this: Event) => void;
  readonly now: () => number;
  readonly baseURI: Getter<Node, string>;
  readonly functionToString: (this: unknown) => string;
  readonly bind: <T>(this: T, thisArg: unknown) => T;
}

/** The getter of an accessor property on a prototype; throws when there is none. */
function getter<T, R>(proto: object, name: string): Getter<T, R> {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name);
  const get: unknown = descriptor === undefined ? undefined : Reflect.get(descriptor, "get");
  if (typeof get !== "function") throw new TypeError(`no native getter ${name}`);
  return get as Getter<T, R>;
}

/** A method from a prototype's own property (read from the descriptor: no method access). */
function method(proto: object, name: string): never {
  const value: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
  if (typeof value !== "function") throw new TypeError(`no native method ${name}`);
  return value as never;
}

/** Captures every native the hook uses. Throws when the window lacks one (the hook then stays out). */
export function captureNatives(win: HookWindow): Natives {
  const setTimeoutNative: (this: Window, handler: () => void, ms: number) => number = method(
    win,
    "setTimeout",
  );
  const clearTimeoutNative: (this: Window, id: number) => void = method(win, "clearTimeout");
  return {
    window: win,
    fetch: method(win, "fetch"),
    XMLHttpRequest: win.XMLHttpRequest,
    XMLHttpRequestEventTarget: win.XMLHttpRequestEventTarget,
    Request: win.Request,
    Response: win.Response,
    Headers: win.Headers,
    URL: win.URL,
    Blob: win.Blob,
    ReadableStream: win.ReadableStream,
    AbortController: win.AbortController,
    DOMException: win.DOMException,
    Event: win.Event,
    ProgressEvent: win.ProgressEvent,
    TextDecoder: win.TextDecoder,
    setTimeout: (handler, ms) => Reflect.apply(setTimeoutNative, win, [handler, ms]),
    clearTimeout: (id) => {
      Reflect.apply(clearTimeoutNative, win, [id]);
    },
    apply: Reflect.apply,
    construct: Reflect.construct,
    requestUrl: getter(win.Request.prototype, "url"),
    requestMethod: getter(win.Request.prototype, "method"),
    requestHeaders: getter(win.Request.prototype, "headers"),
    requestSignal: getter(win.Request.prototype, "signal"),
    headersGet: method(win.Headers.prototype, "get"),
    responseUrl: getter(win.Response.prototype, "url"),
    responseStatus: getter(win.Response.prototype, "status"),
    responseHeaders: getter(win.Response.prototype, "headers"),
    responseClone: method(win.Response.prototype, "clone"),
    responseText: method(win.Response.prototype, "text"),
    responseArrayBuffer: method(win.Response.prototype, "arrayBuffer"),
    signalAborted: getter(win.AbortSignal.prototype, "aborted"),
    addEventListener: method(win.EventTarget.prototype, "addEventListener"),
    removeEventListener: method(win.EventTarget.prototype, "removeEventListener"),
    dispatchEvent: method(win.EventTarget.prototype, "dispatchEvent"),
    stopImmediatePropagation: method(win.Event.prototype, "stopImmediatePropagation"),
    now: method(win.Date, "now"),
    baseURI: getter(win.Node.prototype, "baseURI"),
    functionToString: method(win.Function.prototype, "toString"),
    bind: method(win.Function.prototype, "bind"),
  };
}

/** Calls a captured native method or getter on `target`. */
export function call<T, A extends unknown[], R>(
  natives: Pick<Natives, "apply">,
  fn: (this: T, ...args: A) => R,
  target: T,
  ...args: A
): R {
  return natives.apply(fn, target, args);
}
