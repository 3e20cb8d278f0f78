import { call, type Natives } from "./natives.js";

/**
 * Makes a wrapper look like the native function it stands in for: same `name` and `length`, and
 * a `toString` that prints the original's native source ("function fetch() { [native code] }").
 * The `toString` is the platform's own Function.prototype.toString bound to the original, so it is
 * itself native code and gives the page no way to reach the original.
 */
export function disguise(
  natives: Pick<Natives, "apply" | "bind" | "functionToString">,
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
  Object.defineProperty(wrapper, "toString", {
    value: call(natives, natives.bind, natives.functionToString, original),
    configurable: true,
    writable: true,
    enumerable: false,
  });
}
