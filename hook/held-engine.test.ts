import { describe, expect, it } from "vitest";
import type { EngineClient } from "./engine-client";
import { HeldEngine } from "./held-engine";

/** An engine that records what reaches it; every segment request is answered with 4 bytes. */
function recordingEngine() {
  const calls: string[] = [];
  const engine: EngineClient = {
    ready: false,
    warmUp: () => calls.push("warm-up"),
    load: (swarmId) => calls.push(`load ${swarmId}`),
    getSegment: (_swarmId, segmentId, waitMs) => {
      calls.push(`get ${segmentId} ${String(waitMs)}`);
      return Promise.resolve(new ArrayBuffer(4));
    },
    putSegment: (segment) => calls.push(`put ${segment.segmentId}`),
    stop: () => calls.push("stop"),
    standAside: (reason) => calls.push(`stand-aside ${reason}`),
  };
  return { engine, calls };
}

const put = (segmentId: string) => ({
  swarmId: "s",
  segmentId,
  url: `https://cdn.example/${segmentId}`,
  range: undefined,
  bytes: new ArrayBuffer(2),
});

describe("HeldEngine", () => {
  it("sends nothing until released, then everything in order", async () => {
    const { engine, calls } = recordingEngine();
    let now = 1000;
    const held = new HeldEngine(engine, () => now);
    held.warmUp();
    held.load("s", []);
    const answer = held.getSegment("s", "n3", 2000, new AbortController().signal);
    held.putSegment(put("n2"));
    expect(calls).toEqual([]);
    now += 500;
    held.release();
    expect((await answer)?.byteLength).toBe(4);
    // The request goes after the messages, with what is left of its wait.
    expect(calls).toEqual(["warm-up", "load s", "put n2", "get n3 1500"]);
    held.load("t", []);
    expect(calls.at(-1)).toBe("load t"); // released: straight through
  });

  it("holds nothing back once the engine is up (its start is behind it)", () => {
    const up = recordingEngine();
    const inner = { ...up.engine };
    const held = new HeldEngine(inner, () => 0);
    held.warmUp();
    expect(held.ready).toBe(false);
    inner.ready = true;
    expect(held.ready).toBe(true);
    held.load("s", []);
    expect(up.calls).toEqual(["warm-up", "load s"]);
  });

  it("a request whose signal aborts while held is a miss the engine never hears of", async () => {
    const { engine, calls } = recordingEngine();
    const held = new HeldEngine(engine, () => 0);
    const controller = new AbortController();
    const answer = held.getSegment("s", "n3", 2000, controller.signal);
    controller.abort();
    expect(await answer).toBeUndefined();
    held.release();
    await Promise.resolve();
    expect(calls).toEqual([]);
    const late = new AbortController();
    late.abort();
    expect(await new HeldEngine(engine, () => 0).getSegment("s", "n4", 1, late.signal)).toBe(
      undefined,
    );
  });

  it("standing aside or stopping goes out at once and drops what was held", async () => {
    for (const leave of ["stand-aside", "stop"] as const) {
      const { engine, calls } = recordingEngine();
      const held = new HeldEngine(engine, () => 0);
      held.warmUp();
      const answer = held.getSegment("s", "n3", 2000, new AbortController().signal);
      if (leave === "stop") held.stop();
      else held.standAside("page-p2p");
      expect(await answer).toBeUndefined();
      held.release();
      expect(calls, leave).toEqual([leave === "stop" ? "stop" : "stand-aside page-p2p"]);
    }
  });

  it("a request released in the same moment as a stand-aside never goes out, nor anything after", async () => {
    const { engine, calls } = recordingEngine();
    const held = new HeldEngine(engine, () => 0);
    held.warmUp();
    const answer = held.getSegment("s", "n3", 2000, new AbortController().signal);
    // The frame's first `playing` both releases and finds a worker's player.
    held.release();
    held.standAside("worker");
    expect(await answer).toBeUndefined();
    held.load("s", []);
    expect(await held.getSegment("s", "n4", 2000, new AbortController().signal)).toBeUndefined();
    expect(calls).toEqual(["warm-up", "stand-aside worker"]);
  });
});
