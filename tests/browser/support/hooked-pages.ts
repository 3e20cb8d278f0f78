/**
 * The vitest hooks shared by the fetch and XHR tests (kept apart from intercept-browser.ts, which
 * the benchmarks import outside vitest).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type InterceptRig, startRig } from "./intercept-browser.js";
import { configure } from "./intercept-page-calls.js";
import { testBody } from "./intercept-server.js";

/**
 * The per-file setup of the fetch and XHR tests: one rig, a page with the hook and one without,
 * the hooked page's log cleared and its test source reset before each test. `data()` gives a
 * fresh /data URL (so origin hit counts are per test) and the bytes the origin sends for it.
 */
export function useHookedPages() {
  const state = { rig: undefined as InterceptRig | undefined, counter: 0 };
  const pages: { hooked?: Page; plain?: Page } = {};
  beforeAll(async () => {
    state.rig = await startRig();
    pages.hooked = await state.rig.open("/blank.html");
    pages.plain = await state.rig.open("/blank.html?hook=0");
  });
  afterAll(async () => {
    await state.rig?.close();
  });
  beforeEach(async () => {
    const hooked = pages.hooked;
    if (!hooked) throw new Error("no hooked page");
    await hooked.evaluate(() => {
      window.__itest.clearLog();
    });
    await configure(hooked, {
      match: null,
      engine: "miss",
      engineDelayMs: 0,
      deadlineMs: 2000,
      size: undefined,
      manifest: null,
      serveEvery: 1,
    });
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} not ready`);
    return value;
  };
  return {
    rig: () => need(state.rig, "rig"),
    hooked: () => need(pages.hooked, "hooked page"),
    plain: () => need(pages.plain, "plain page"),
    data(prefix: string, size: number, extension = ".ts") {
      state.counter += 1;
      const name = `${prefix}${String(state.counter)}${extension}`;
      return {
        path: `/data/${name}`,
        url: `/data/${name}?size=${String(size)}`,
        body: testBody(name, size),
      };
    },
  };
}
