import type { Natives } from "./natives.js";
import { stackScrubber } from "./stack-scrub.js";

/**
 * Every disguised wrapper and the native it stands for (and each window's toString proxy and
 * the native toString). The WeakMap's own methods are captured now, at document_start, so a page
 * that patches WeakMap.prototype later is never handed this map.
 */
const standsFor = new WeakMap<object, object>();
type Own<T> = T extends (...args: infer A) => infer R
  ? (this: WeakMap<object, object>, ...args: A) => R
  : never;
const own = <K extends "get" | "set" | "has">(name: K) =>
  Object.getOwnPropertyDescriptor(WeakMap.prototype, name)?.value as Own<
    WeakMap<object, object>[K]
  >;
const mapGet = own("get");
const mapSet = own("set");
const mapHas = own("has");
const apply = Reflect.apply;
const originalOf = (value: unknown): unknown =>
  (typeof value === "object" || typeof value === "function") && value !== null
    ? (apply(mapGet, standsFor, [value]) ?? value)
    : value;

type LookNatives = Pick<Natives, "apply" | "functionToString" | "window">;

/**
 * Makes a wrapper look like the native function it stands in for: same `name` and `length`, and
 * `Function.prototype.toString` (however it is called: `fetch.toString()`, `String(fetch)`,
 * `Function.prototype.toString.call(fetch)`) prints the original's native source
 * ("function fetch() { [native code] }"). The window's Function.prototype.toString becomes a
 * Proxy of the native one that reads disguised wrappers as their originals; the proxy itself
 * prints as the native toString, and the wrapper gets no own properties a native lacks.
 */
export function disguise(
  natives: LookNatives,
  wrapper: object,
  original: object,
  name: string,
): void {
  const length = (original as { length?: unknown }).length;
  Object.defineProperty(wrapper, "name", { value: name, configurable: true });
  Object.defineProperty(wrapper, "length", {
    value: typeof length === "number" ? length : 0,
    configurable: true,
  });
  apply(mapSet, standsFor, [wrapper, original]);
  proxyToString(natives);
}

/**
 * Puts the proxy in place once per window (it stays after an uninstall: it only ever forwards to
 * the native). Errors the native throws (a `this` that is no function) leave without our frames.
 */
function proxyToString(natives: LookNatives): void {
  const proto = natives.window.Function.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(proto, "toString");
  const current: unknown = descriptor?.value;
  if (descriptor === undefined || typeof current !== "function") return;
  if (apply(mapHas, standsFor, [current])) return;
  const scrub = stackScrubber();
  const native = natives.functionToString;
  const proxy = new Proxy(native, {
    apply(target, thisArg: unknown, args: unknown[]) {
      try {
        const source: unknown = natives.apply(target, originalOf(thisArg), args);
        return source;
      } catch (error) {
        scrub(error);
        throw error;
      }
    },
  });
  apply(mapSet, standsFor, [proxy, native]);
  Object.defineProperty(proto, "toString", { ...descriptor, value: proxy });
}
