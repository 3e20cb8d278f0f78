/**
 * Node-side shorthands for the position tests: the rig with the real hook and the gated players,
 * typed calls into the page (position-page.ts, position-players.ts), and where a stream's
 * segments lie in time.
 */
import type { Page } from "playwright-core";
import type { StreamSegment } from "../../../harness/streams.js";
import { type InterceptRig, startRig } from "./intercept-browser.js";
import type { EngineEntry, PlayerState, PositionPlayer } from "./position-types.js";

export function startPositionRig(streams: Record<string, string>): Promise<InterceptRig> {
  return startRig(streams, { hook: "position-page.ts", players: "position-players.ts" });
}

export function engineLog(page: Page): Promise<EngineEntry[]> {
  return page.evaluate(() => window.__ptest.log());
}

export function startPlayer(
  page: Page,
  player: PositionPlayer,
  url: string,
  options: { eme?: boolean; rate?: number } = {},
): Promise<void> {
  return page.evaluate(([p, u, o]) => window.__pplayers.start(p, u, o), [
    player,
    url,
    options,
  ] as const);
}

export function playerState(page: Page): Promise<PlayerState> {
  return page.evaluate(() => window.__pplayers.state());
}

export function closeGate(page: Page, closed: boolean): Promise<void> {
  return page.evaluate((c) => {
    window.__pplayers.gate(c);
  }, closed);
}

export function seek(page: Page, time: number): Promise<void> {
  return page.evaluate((t) => {
    window.__pplayers.seek(t);
  }, time);
}

export const fileName = (url: string): string => new URL(url).pathname.split("/").pop() ?? "";

/** The file of the segment playing at `time`, from the stream's own durations. */
export function segmentAt(segments: readonly StreamSegment[], time: number): string {
  let start = 0;
  for (const segment of segments) {
    if (time >= start && time < start + segment.duration) return segment.uri;
    start += segment.duration;
  }
  throw new Error(`no segment at ${String(time)} s`);
}

/** A load that starts with `file` at priority 0. */
export const startsWith = (entry: EngineEntry, file: string): boolean =>
  entry.kind === "load" &&
  entry.segments?.[0]?.priority === 0 &&
  fileName(entry.segments[0].url) === file;
