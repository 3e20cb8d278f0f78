import type { Natives } from "./natives.js";

/**
 * The native XMLHttpRequest members the hook delegates to, captured from the native prototype.
 * Calling them on a hooked instance (which is a real native XHR) gives exactly native behaviour,
 * errors included.
 */
export interface NativeXhr {
  readyState: (this: XMLHttpRequest) => number;
  status: (this: XMLHttpRequest) => number;
  statusText: (this: XMLHttpRequest) => string;
  response: (this: XMLHttpRequest) => unknown;
  responseText: (this: XMLHttpRequest) => string;
  responseXML: (this: XMLHttpRequest) => Document | null;
  responseURL: (this: XMLHttpRequest) => string;
  responseType: (this: XMLHttpRequest) => XMLHttpRequestResponseType;
  setResponseType: (this: XMLHttpRequest, value: unknown) => void;
  timeout: (this: XMLHttpRequest) => number;
  setTimeout: (this: XMLHttpRequest, value: unknown) => void;
  open: (this: XMLHttpRequest, ...args: unknown[]) => void;
  send: (this: XMLHttpRequest, ...args: unknown[]) => void;
  abort: (this: XMLHttpRequest) => void;
  setRequestHeader: (this: XMLHttpRequest, ...args: unknown[]) => void;
  getResponseHeader: (this: XMLHttpRequest, ...args: unknown[]) => string | null;
  getAllResponseHeaders: (this: XMLHttpRequest) => string;
}

function accessor(proto: object, name: string): PropertyDescriptor {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name);
  if (descriptor?.get === undefined) throw new TypeError(`no native XMLHttpRequest.${name}`);
  return descriptor;
}

function method(proto: object, name: string): never {
  const value: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
  if (typeof value !== "function") throw new TypeError(`no native XMLHttpRequest.${name}()`);
  return value as never;
}

/** Captures the native members from `natives.XMLHttpRequest.prototype`. */
export function captureNativeXhr(natives: Natives): NativeXhr {
  const proto = natives.XMLHttpRequest.prototype;
  const get = (name: string): never => {
    return Reflect.get(accessor(proto, name), "get") as never;
  };
  const set = (name: string): never => {
    const setter: unknown = Reflect.get(accessor(proto, name), "set");
    if (typeof setter !== "function")
      throw new TypeError(`no native XMLHttpRequest.${name} setter`);
    return setter as never;
  };
  return {
    readyState: get("readyState"),
    status: get("status"),
    statusText: get("statusText"),
    response: get("response"),
    responseText: get("responseText"),
    responseXML: get("responseXML"),
    responseURL: get("responseURL"),
    responseType: get("responseType"),
    setResponseType: set("responseType"),
    timeout: get("timeout"),
    setTimeout: set("timeout"),
    open: method(proto, "open"),
    send: method(proto, "send"),
    abort: method(proto, "abort"),
    setRequestHeader: method(proto, "setRequestHeader"),
    getResponseHeader: method(proto, "getResponseHeader"),
    getAllResponseHeaders: method(proto, "getAllResponseHeaders"),
  };
}
