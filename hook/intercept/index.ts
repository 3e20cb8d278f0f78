/**
 * The page hook's network interception: wraps fetch and XMLHttpRequest in the page's MAIN world
 * so segment requests a SegmentSource recognises can be answered from the engine, with the
 * network as the fallback for everything else.
 */
export { installInterceptors } from "./install.js";
export type { HookWindow } from "./natives.js";
