/**
 * Errors that the platform throws or rejects while a wrapper is on the stack (a bad argument to
 * XHR open(), a fetch to an unreachable host) name the hook's script in their stack: on an
 * extension, `chrome-extension://<id>/page-hook.js`. The scrubber takes those frames out before
 * the page can read the stack. It leaves the error alone when the page installed its own
 * Error.prepareStackTrace (reading the stack would hand our frames to it, and the page expects
 * its own format), and it cannot help with stacks the page captures itself inside a callback the
 * hook calls (SECURITY.md, "Fingerprinting").
 *
 * Everything it uses is captured when the hook installs, before page scripts run, so a page that
 * patches String.prototype or Reflect later never sees a stack the scrubber is working on.
 */
export type Scrub = (error: unknown) => void;

const noScrub: Scrub = () => undefined;

/** The URL of the script this code was loaded from, read from a stack of our own. */
function ownScriptUrl(stack: string | undefined): string | undefined {
  // Chromium: "    at f (URL:line:col)"; Firefox: "f@URL:line:col".
  const match = /(?:\(|@|at )((?:[a-z-]+):\/\/[^\s)]+?):\d+:\d+/.exec(stack ?? "");
  return match?.[1];
}

/**
 * The hook runs in the page's MAIN world, so this realm's Error is the page's: its
 * prepareStackTrace is the one V8 would call for the page.
 */
export function stackScrubber(): Scrub {
  const url = ownScriptUrl(new Error().stack);
  if (url === undefined) return noScrub;
  const { apply, get, set } = Reflect;
  const indexOf = Object.getOwnPropertyDescriptor(String.prototype, "indexOf")?.value as (
    this: string,
    part: string,
    from?: number,
  ) => number;
  const slice = Object.getOwnPropertyDescriptor(String.prototype, "slice")?.value as (
    this: string,
    start: number,
    end: number,
  ) => string;
  const ErrorConstructor = Error;
  const without = (stack: string): string => {
    let kept = "";
    let start = 0;
    while (start <= stack.length) {
      let end = apply(indexOf, stack, ["\n", start]);
      if (end === -1) end = stack.length;
      const line = apply(slice, stack, [start, end]);
      if (apply(indexOf, line, [url]) === -1) kept += (kept === "" ? "" : "\n") + line;
      start = end + 1;
    }
    return kept;
  };
  return (error) => {
    try {
      if (typeof error !== "object" || error === null) return;
      const formatter: unknown = get(ErrorConstructor, "prepareStackTrace");
      if (formatter !== undefined) return;
      const stack: unknown = get(error, "stack");
      if (typeof stack !== "string" || apply(indexOf, stack, [url]) === -1) return;
      set(error, "stack", without(stack));
    } catch {
      // A frozen or exotic error keeps its stack.
    }
  };
}
