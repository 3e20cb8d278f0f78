import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock, settle } from "../core/testing/manual-clock";
import type { SegmentDescriptor } from "../messaging/segment-descriptor";
import type { EngineClient } from "./engine-client";
import { leadOf } from "./buffer-ahead";
import {
  HOLD_AT_MOST_MS,
  KEEP_AWAKE_MS,
  PageSegmentSource,
  POSITION_THROTTLE_MS,
  PRE_FRAME_WAIT_MS,
  START_AT_LATEST_MS,
  STARTING_MS,
} from "./page-source";
import type { BufferKind, PlayerPosition, PlayerView, TimeRange } from "./position/types";
import { StreamRegistry } from "./stream";

const HLS_URL = "https://cdn.example/v/index.m3u8";
const MPD_URL = "https://cdn.example/d/manifest.mpd";

/** A playlist of `count` 2 s segments from media sequence `first` (live: no ENDLIST). */
function playlist(count: number, { first = 0, live = false } = {}): string {
  const lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:2", `#EXT-X-MEDIA-SEQUENCE:${String(first)}`];
  for (let index = first; index < first + count; index++) {
    lines.push("#EXTINF:2.0,", `seg${String(index)}.ts`);
  }
  if (!live) lines.push("#EXT-X-ENDLIST");
  return lines.join("\n");
}

const adaptation = (type: string, id: string, codecs: string) =>
  `<AdaptationSet contentType="${type}" mimeType="${type}/mp4"><SegmentTemplate timescale="1" duration="2" startNumber="1" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number$.m4s"/><Representation id="${id}" bandwidth="100000" codecs="${codecs}"/></AdaptationSet>`;
const MPD = `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT40S" minBufferTime="PT2S"><Period start="PT0S">${adaptation("video", "v0", "avc1.64001e")}${adaptation("audio", "a0", "mp4a.40.2")}</Period></MPD>`;

interface Load {
  swarmId: string;
  queue: string[];
}

/** An engine that records every call; gets stay pending until `answer()`. */
function fakeEngine() {
  const loads: Load[] = [];
  const calls: string[] = [];
  const pending: ((bytes: ArrayBuffer | undefined) => void)[] = [];
  const engine: EngineClient = {
    ready: true,
    warmUp() {
      calls.push("warm-up");
    },
    load(swarmId: string, segments: SegmentDescriptor[]) {
      calls.push("load");
      loads.push({ swarmId, queue: segments.map((s) => `${s.id}@${String(s.priority)}`) });
    },
    getSegment() {
      calls.push("get");
      return new Promise((resolve) => pending.push(resolve));
    },
    putSegment() {
      calls.push("put");
    },
    stop() {
      calls.push("stop");
    },
    standAside(reason) {
      calls.push(`stand-aside:${reason}`);
    },
  };
  return {
    engine,
    loads,
    calls,
    answer: () => {
      for (const resolve of pending.splice(0)) resolve(undefined);
    },
  };
}

/** A PlayerView whose positions the test sets per buffer kind. */
class FakeView implements PlayerView {
  positions: Partial<Record<BufferKind, PlayerPosition>> = {};
  positionOf(kind: BufferKind): PlayerPosition | undefined {
    return this.positions[kind];
  }
}

const at = (currentTime: number, buffered: TimeRange[] = [], paused = false): PlayerPosition => ({
  currentTime,
  paused,
  playbackRate: 1,
  buffered,
});

const request = (url: string) => ({ url, method: "GET", range: undefined });
const signal = new AbortController().signal;

describe("PageSegmentSource queues", () => {
  let clock: ManualClock;
  let registry: StreamRegistry;
  let fake: ReturnType<typeof fakeEngine>;
  let source: PageSegmentSource;
  let view: FakeView;
  const last = () => fake.loads.at(-1)?.queue ?? [];
  /** The player requests seg<index>.ts and the hook asks the engine, as the wrappers do. */
  const fetchSegment = (index: number, url = `https://cdn.example/v/seg${String(index)}.ts`) => {
    const match = source.match(request(url));
    if (match) void source.fromEngine(match, signal);
    return match;
  };

  beforeEach(() => {
    clock = new ManualClock();
    registry = new StreamRegistry();
    fake = fakeEngine();
    source = new PageSegmentSource(registry, fake.engine, { timers: clock });
    view = new FakeView();
    source.observeManifest(HLS_URL, null, playlist(30));
  });

  it("without a media position: the requested segment at 0 and the 12 after it", () => {
    fetchSegment(5);
    expect(last()).toEqual(
      ["5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17"].map(
        (id, i) => `${id}@${String(i)}`,
      ),
    );
  });

  it("with a position: the requested segment (asked for ahead: priority 1), then the unbuffered ones by distance", () => {
    view.positions.media = at(3, [[0, 10]]);
    source.mediaChanged(view, false);
    expect(fake.loads).toEqual([]); // nothing requested yet: no swarm to queue
    fetchSegment(5);
    expect(last().slice(0, 4)).toEqual(["5@1", "6@4", "7@5", "8@6"]);
    expect(last()).toHaveLength(14);
  });

  it("a seek moves the queue to the new position at once, without a request", async () => {
    view.positions.media = at(3, [[0, 10]]);
    source.mediaChanged(view, false);
    fetchSegment(5);
    fake.answer();
    await settle();
    const calls = fake.calls.length;
    view.positions.media = at(31, [[0, 10]]);
    source.mediaChanged(view, true);
    expect(fake.calls.slice(calls)).toEqual(["load"]);
    expect(last().slice(0, 3)).toEqual(["15@0", "16@1", "17@2"]);
  });

  it("keeps a segment the hook is waiting for at its priority while the playhead moves", () => {
    view.positions.media = at(3, [[0, 10]]);
    source.mediaChanged(view, false);
    fetchSegment(5);
    view.positions.media = at(31, [[0, 10]]);
    source.mediaChanged(view, true);
    expect(last().slice(0, 3)).toEqual(["5@1", "15@1", "16@2"]);
  });

  it("leaves a segment the engine missed out of its queue: the page fetches it", () => {
    view.positions.media = at(3, [[0, 10]]);
    source.mediaChanged(view, false);
    const match = fetchSegment(5);
    expect(last()[0]).toBe("5@1");
    if (match) source.toNetwork(match);
    source.mediaChanged(view, true);
    expect(last().slice(0, 2)).toEqual(["6@4", "7@5"]);
  });

  it("throttles ordinary changes and sends only queues that changed", async () => {
    view.positions.media = at(3, [[0, 10]]);
    source.mediaChanged(view, false);
    fetchSegment(5);
    fake.answer();
    await settle();
    await clock.advance(POSITION_THROTTLE_MS);
    const before = fake.loads.length;
    // timeupdates within one segment: the priorities do not change, nothing is sent.
    for (const time of [3.25, 3.5, 3.75]) {
      view.positions.media = at(time, [[0, 12]]);
      source.mediaChanged(view, false);
      await clock.advance(100);
    }
    expect(fake.loads.length).toBe(before + 1); // 5 was appended (buffer to 12): one update
    const appended = fake.loads.length;
    view.positions.media = at(5.1, [[0, 12]]);
    source.mediaChanged(view, false);
    view.positions.media = at(5.3, [[0, 12]]);
    source.mediaChanged(view, false);
    expect(fake.loads.length).toBe(appended); // inside the interval: held back
    await clock.advance(POSITION_THROTTLE_MS);
    expect(fake.loads.length).toBe(appended + 1); // one update for both
    expect(last().slice(0, 2)).toEqual(["6@3", "7@4"]);
    // Out of the interval, a change that leaves the queue as it is sends nothing.
    await clock.advance(POSITION_THROTTLE_MS);
    view.positions.media = at(5.6, [[0, 12]]);
    source.mediaChanged(view, false);
    expect(fake.loads.length).toBe(appended + 1);
  });

  it("while paused keeps the queue; a seek while paused still moves it", async () => {
    view.positions.media = at(7, [[0, 14]]);
    source.mediaChanged(view, false);
    fetchSegment(7);
    fake.answer();
    await settle();
    await clock.advance(POSITION_THROTTLE_MS);
    source.mediaChanged(view, false); // playing: the queue without the answered request
    const kept = last();
    expect(kept.slice(0, 2)).toEqual(["7@3", "8@4"]);
    const count = fake.loads.length;
    view.positions.media = at(7, [[0, 14]], true);
    source.mediaChanged(view, false);
    await clock.advance(5000);
    expect(fake.loads.length).toBe(count);
    expect(last()).toEqual(kept);
    view.positions.media = at(41, [[0, 14]], true);
    source.mediaChanged(view, true);
    expect(last().slice(0, 2)).toEqual(["20@0", "21@1"]);
  });

  it("keeps the engine awake while the player plays with nothing left to fetch, not while paused", async () => {
    view.positions.media = at(3, [[0, 60]]);
    source.mediaChanged(view, false);
    fetchSegment(1);
    fake.answer();
    await settle();
    const warmUps = () => fake.calls.filter((call) => call === "warm-up").length;
    expect(warmUps()).toBe(1); // the start
    // 40 s of timeupdates, everything buffered: no request, no queue change, a warm-up every 10 s.
    for (let time = 3; time < 43; time += 0.25) {
      view.positions.media = at(time, [[0, 60]]);
      source.mediaChanged(view, false);
      await clock.advance(250);
    }
    expect(warmUps()).toBe(1 + Math.floor(40_000 / KEEP_AWAKE_MS));
    const playing = warmUps();
    // Paused for 40 s (events still come, as on a seek or a buffer change): the engine may sleep.
    for (let step = 0; step < 160; step++) {
      view.positions.media = at(43, [[0, 60]], true);
      source.mediaChanged(view, false);
      await clock.advance(250);
    }
    expect(warmUps()).toBe(playing);
  });

  it("keeps the engine awake by the document's media elements when the media watch has no position", async () => {
    let playing = true;
    const unsure = new PageSegmentSource(registry, fake.engine, {
      timers: clock,
      fallbackPlaying: () => playing,
    });
    unsure.observeManifest(HLS_URL, null, playlist(30));
    const match = unsure.match(request("https://cdn.example/v/seg1.ts"));
    if (match) void unsure.fromEngine(match, signal);
    fake.answer();
    await settle();
    const warmUps = () => fake.calls.filter((call) => call === "warm-up").length;
    const before = warmUps();
    // Several elements play (no position): the media watch still reports their timeupdates.
    for (let step = 0; step < 120; step++) {
      unsure.mediaChanged(view, false);
      await clock.advance(250);
    }
    expect(warmUps()).toBe(before + Math.floor(30_000 / KEEP_AWAKE_MS));
    playing = false;
    for (let step = 0; step < 120; step++) {
      unsure.mediaChanged(view, false);
      await clock.advance(250);
    }
    expect(warmUps()).toBe(before + Math.floor(30_000 / KEEP_AWAKE_MS));
  });

  it("falls back to the request-driven queue when the timelines disagree", async () => {
    view.positions.media = at(1_700_000_000, [[1_699_999_990, 1_700_000_010]]);
    source.mediaChanged(view, false);
    fetchSegment(5);
    expect(last()[0]).toBe("5@1");
    expect(last()[1]).toBe("6@2");
    const count = fake.loads.length;
    source.mediaChanged(view, true);
    await clock.advance(5000);
    expect(fake.loads.length).toBe(count);
  });

  it("falls back when the view has no position (several elements, no such buffer)", () => {
    view.positions = {};
    source.mediaChanged(view, false);
    fetchSegment(9);
    expect(last().slice(0, 3)).toEqual(["9@0", "10@1", "11@2"]);
  });

  it.each([
    [
      "EME",
      "drm",
      () => {
        source.mediaProtected();
      },
    ],
    [
      "the page's own P2P",
      "page-p2p",
      () => {
        source.pagePeerToPeer();
      },
    ],
    [
      "a player in a worker",
      "worker",
      () => {
        source.workerPlayer();
      },
    ],
  ])(
    "%s: stands aside (queues emptied, the relay told why), then matches and queues nothing",
    (_, reason, standAside) => {
      view.positions.media = at(3, [[0, 10]]);
      source.mediaChanged(view, false);
      fetchSegment(5);
      const swarmId = fake.loads.at(-1)?.swarmId;
      standAside();
      standAside();
      expect(fake.loads.at(-1)).toEqual({ swarmId, queue: [] });
      expect(fake.calls.filter((call) => call.startsWith("stand-aside"))).toEqual([
        `stand-aside:${reason}`,
      ]);
      source.mediaProtected();
      source.pagePeerToPeer();
      source.workerPlayer();
      const calls = fake.calls.length;
      expect(fetchSegment(6)).toBeUndefined();
      source.mediaChanged(view, true);
      source.fromNetwork(
        { swarmId: swarmId ?? "", segmentId: "6", deadlineMs: 1000 },
        new ArrayBuffer(8),
      );
      expect(fake.calls.length).toBe(calls);
    },
  );

  it("a live refresh extends the queue at the edge", async () => {
    const live = "https://cdn.example/l/index.m3u8";
    source.observeManifest(live, null, playlist(4, { first: 100, live: true }));
    view.positions.media = at(4.5, [[0, 6]]);
    source.mediaChanged(view, false);
    source.match(request("https://cdn.example/l/seg103.ts"));
    expect(last()).toEqual(["103@0"]);
    await clock.advance(POSITION_THROTTLE_MS);
    source.observeManifest(live, null, playlist(4, { first: 102, live: true }));
    await clock.advance(POSITION_THROTTLE_MS);
    expect(last()).toEqual(["103@0", "104@1", "105@2"]);
  });

  it("empties the old variant's queue when a track switches variant", () => {
    const master = "https://cdn.example/m/master.m3u8";
    source.observeManifest(
      master,
      null,
      "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nlow/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1600000\nhigh/index.m3u8",
    );
    source.observeManifest("https://cdn.example/m/low/index.m3u8", null, playlist(10));
    source.observeManifest("https://cdn.example/m/high/index.m3u8", null, playlist(10));
    source.match(request("https://cdn.example/m/low/seg2.ts"));
    const low = fake.loads.at(-1)?.swarmId;
    source.match(request("https://cdn.example/m/high/seg3.ts"));
    expect(fake.loads.slice(-2).map((load) => load.queue.length === 0 && load.swarmId)).toEqual([
      low,
      false,
    ]);
  });
});

describe("PageSegmentSource with audio and video (DASH)", () => {
  it("queues each swarm from its own SourceBuffer", () => {
    const registry = new StreamRegistry();
    const fake = fakeEngine();
    const source = new PageSegmentSource(registry, fake.engine, { timers: new ManualClock() });
    source.observeManifest(MPD_URL, "application/dash+xml", MPD);
    const view = new FakeView();
    view.positions.video = at(4, [[0, 14]]);
    view.positions.audio = at(4, [[0, 8]]);
    // The whole element (the intersection) must not be what a separate track follows.
    view.positions.media = at(4, [[0, 8]]);
    source.mediaChanged(view, false);
    source.match(request("https://cdn.example/d/chunk-v0-8.m4s"));
    source.match(request("https://cdn.example/d/chunk-a0-5.m4s"));
    const byTrack = new Map(fake.loads.map((load) => [load.swarmId.split("#")[1], load.queue]));
    expect(byTrack.get("video:v0")?.slice(0, 3)).toEqual(["n8@1", "n9@6", "n10@7"]);
    expect(byTrack.get("audio:a0")?.slice(0, 3)).toEqual(["n5@1", "n6@3", "n7@4"]);
  });
});

describe("PageSegmentSource: the request policy and the engine's start", () => {
  const setup = (lead: number, ready: boolean, { playing = true } = {}) => {
    const clock = new ManualClock();
    const fake = fakeEngine();
    let ahead = lead;
    const engine = { ...fake.engine, ready };
    const source = new PageSegmentSource(new StreamRegistry(), engine, {
      timers: clock,
      fallbackLead: () => ahead,
    });
    if (playing) source.mediaPlaying();
    source.observeManifest(HLS_URL, null, playlist(30));
    const fetchSegment = (index: number) =>
      source.match(request(`https://cdn.example/v/seg${String(index)}.ts?token=abc`));
    return {
      clock,
      fake,
      engine,
      source,
      fetchSegment,
      setLead: (seconds: number) => {
        ahead = seconds;
      },
      last: () => fake.loads.at(-1)?.queue ?? [],
    };
  };

  it("before the engine starts, a segment needed next goes to the network and the engine hears nothing", () => {
    const { fake, source, fetchSegment } = setup(0, false);
    const match = fetchSegment(0);
    expect(match?.deadlineMs).toBe(0);
    if (match) source.fromNetwork(match, new ArrayBuffer(8));
    expect(fake.calls).toEqual([]);
  });

  it("the first request that can wait starts the engine; the page's copies go to it from then on", () => {
    const { fake, source, fetchSegment, setLead, last } = setup(0, false);
    fetchSegment(0);
    setLead(4.5);
    const match = fetchSegment(2);
    expect(fake.calls.slice(0, 2)).toEqual(["warm-up", "load"]);
    expect(last()[0]).toBe("2@1");
    // Asked for ahead of time: it may wait until 2 s of buffer are left.
    expect(match?.deadlineMs).toBe(2500);
    if (match) source.fromNetwork(match, new ArrayBuffer(8));
    expect(fake.calls.at(-1)).toBe("put");
  });

  it("until the player's first frame the engine hears nothing; a request that can wait waits for it", async () => {
    const { clock, fake, engine, source, fetchSegment, setLead, last } = setup(0, false, {
      playing: false,
    });
    expect(fetchSegment(0)?.deadlineMs).toBe(0);
    setLead(4.5);
    const match = fetchSegment(2);
    expect(match?.deadlineMs).toBe(2500);
    const waits: number[] = [];
    engine.getSegment = (_swarm, _segment, waitMs) => {
      waits.push(waitMs);
      return Promise.resolve(new ArrayBuffer(8));
    };
    const answer = match && source.fromEngine(match, signal);
    await clock.advance(300);
    expect(fake.calls).toEqual([]);
    source.mediaPlaying();
    expect(fake.calls).toEqual(["warm-up", "load"]);
    expect(last()[0]).toBe("2@1");
    expect((await answer)?.byteLength).toBe(8);
    expect(waits).toEqual([2200]); // what is left of its wait
  });

  it("a request that can wait lets the engine loose HOLD_AT_MOST_MS after it, first frame or not", async () => {
    const { clock, fake, fetchSegment, setLead } = setup(4.5, false, { playing: false });
    fetchSegment(2);
    await clock.advance(HOLD_AT_MOST_MS - 1);
    expect(fake.calls).toEqual([]);
    await clock.advance(1);
    expect(fake.calls).toEqual(["warm-up", "load"]);
    setLead(0);
    fetchSegment(3);
    expect(fake.calls.at(-1)).toBe("load"); // loose: straight through
  });

  it("leaving the page stops the engine and drops what was held", async () => {
    const { clock, fake, source, fetchSegment } = setup(4.5, false, { playing: false });
    fetchSegment(2);
    source.destroy();
    await clock.advance(START_AT_LATEST_MS);
    expect(fake.calls).toEqual(["stop"]);
  });

  it("the engine starts at the latest START_AT_LATEST_MS after the first segment request", async () => {
    const { clock, fake, fetchSegment, last } = setup(0, false, { playing: false });
    fetchSegment(0);
    await clock.advance(START_AT_LATEST_MS - 1);
    expect(fake.calls).toEqual([]);
    await clock.advance(1);
    expect(fake.calls).toEqual(["warm-up"]);
    // Started, not ready yet: a segment needed next still goes to the network, and the engine's
    // queue starts after it, so it is not fetched twice.
    expect(fetchSegment(1)?.deadlineMs).toBe(0);
    expect(last()[0]).toBe("2@1");
  });

  it("while the engine starts, a segment needed soon waits for it if the page's last fetch was fast", async () => {
    const { clock, fake, source, fetchSegment, setLead, last } = setup(0, false);
    const first = fetchSegment(0);
    expect(first?.deadlineMs).toBe(0);
    await clock.advance(50); // the network took 50 ms for it
    if (first) source.fromNetwork(first, new ArrayBuffer(8));
    setLead(1.97);
    // 1 s of buffer stays for the network (4 x 50 ms is less): 0.97 s for the engine.
    expect(fetchSegment(1)?.deadlineMs).toBe(970);
    expect(fake.calls.slice(0, 2)).toEqual(["warm-up", "load"]);
    expect(last()[0]).toBe("1@1");
  });

  it("an engine not ready STARTING_MS after it was asked to start is not waited for by a segment needed soon", async () => {
    const { clock, source, fetchSegment, setLead } = setup(0, false);
    const first = fetchSegment(0);
    await clock.advance(50);
    if (first) source.fromNetwork(first, new ArrayBuffer(8));
    setLead(1.97);
    expect(fetchSegment(1)?.deadlineMs).toBe(970);
    await clock.advance(STARTING_MS - 1);
    expect(fetchSegment(2)?.deadlineMs).toBe(970);
    await clock.advance(1);
    expect(fetchSegment(3)?.deadlineMs).toBe(0);
  });

  it("while the engine starts, a segment needed soon goes to the network if the page's last fetch was slow or unknown", async () => {
    const { clock, fake, source, fetchSegment, setLead } = setup(1.97, false);
    // Nothing measured yet.
    const first = fetchSegment(0);
    expect(first?.deadlineMs).toBe(0);
    await clock.advance(300); // 4 x 0.3 s leaves 0.77 s to wait: too short for the engine
    if (first) source.fromNetwork(first, new ArrayBuffer(8));
    expect(fetchSegment(1)?.deadlineMs).toBe(0);
    setLead(0.5);
    expect(fetchSegment(2)?.deadlineMs).toBe(0);
    expect(fake.calls).toEqual([]);
  });

  it("before the first frame, a segment needed soon waits for the engine only PRE_FRAME_WAIT_MS for the frame", async () => {
    const { clock, fake, source, fetchSegment, setLead } = setup(0, false, { playing: false });
    const first = fetchSegment(0);
    await clock.advance(50);
    if (first) source.fromNetwork(first, new ArrayBuffer(8));
    setLead(1.97);
    // As engine-wait.ts does: the wait's own signal aborts when it ends without bytes.
    const lateWait = new AbortController();
    const late = fetchSegment(1);
    expect(late?.deadlineMs).toBe(970);
    const lateAnswer = late && source.fromEngine(late, lateWait.signal);
    await clock.advance(PRE_FRAME_WAIT_MS);
    // No frame: it goes to the network, and the engine never hears of it.
    expect(await lateAnswer).toBeUndefined();
    lateWait.abort();
    expect(fake.calls).toEqual([]);
    // The next one, with the frame in time: the engine is asked for it.
    const soon = fetchSegment(2);
    const soonAnswer = soon && source.fromEngine(soon, signal);
    await clock.advance(PRE_FRAME_WAIT_MS - 1);
    source.mediaPlaying();
    await clock.advance(1);
    expect(fake.calls.filter((call) => call === "get")).toHaveLength(1);
    fake.answer();
    expect(await soonAnswer).toBeUndefined(); // the fake engine's miss, not the cap's
  });

  it("a request the engine missed times the network too; the slowest of the last three counts", async () => {
    const { clock, source, fetchSegment } = setup(1.97, false);
    const first = fetchSegment(0);
    await clock.advance(50);
    if (first) source.fromNetwork(first, new ArrayBuffer(8));
    const missed = fetchSegment(1);
    expect(missed?.deadlineMs).toBe(970);
    if (missed) source.toNetwork(missed);
    await clock.advance(400);
    if (missed) source.fromNetwork(missed, new ArrayBuffer(8));
    // 4 x 0.4 s left: too little to wait for the engine.
    const direct = fetchSegment(2);
    expect(direct?.deadlineMs).toBe(0);
    await clock.advance(50);
    if (direct) source.fromNetwork(direct, new ArrayBuffer(8));
    // The last fetch was fast, the one before it slow: still too little.
    expect(fetchSegment(3)?.deadlineMs).toBe(0);
  });

  it("only media segments time the network (an init segment is small)", async () => {
    const clock = new ManualClock();
    const fake = fakeEngine();
    let ahead = 0;
    const source = new PageSegmentSource(
      new StreamRegistry(),
      { ...fake.engine, ready: false },
      { timers: clock, fallbackLead: () => ahead },
    );
    source.mediaPlaying();
    source.observeManifest(MPD_URL, null, MPD);
    const init = source.match(request("https://cdn.example/d/init-v0.m4s"));
    expect(init?.deadlineMs).toBe(0);
    await clock.advance(20);
    if (init) source.fromNetwork(init, new ArrayBuffer(8));
    ahead = 1.97;
    expect(source.match(request("https://cdn.example/d/chunk-v0-1.m4s"))?.deadlineMs).toBe(0);
  });

  it("a request the engine missed leaves the request-driven queue at once", () => {
    const { fetchSegment, source, last } = setup(1.5, true);
    const match = fetchSegment(3);
    expect(last().slice(0, 2)).toEqual(["3@0", "4@1"]);
    if (match) source.toNetwork(match);
    expect(last().slice(0, 2)).toEqual(["4@1", "5@2"]);
  });

  it("a segment needed next, engine ready: priority 0 and the stream's usual deadline", () => {
    const { fetchSegment, last } = setup(1.5, true);
    expect(fetchSegment(3)?.deadlineMs).toBe(1000);
    expect(last().slice(0, 2)).toEqual(["3@0", "4@1"]);
  });

  it("never waits longer than players tolerate", () => {
    const { fetchSegment } = setup(25, true);
    expect(fetchSegment(6)?.deadlineMs).toBe(3000);
  });

  it("a protected stream never starts the engine", () => {
    const fake = fakeEngine();
    const source = new PageSegmentSource(new StreamRegistry(), fake.engine, {
      timers: new ManualClock(),
    });
    const key = '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k"\n';
    source.observeManifest(HLS_URL, null, playlist(3).replace("#EXTINF", `${key}#EXTINF`));
    expect(source.match(request("https://cdn.example/v/seg0.ts"))).toBeUndefined();
    expect(fake.calls).toEqual([]);
  });
});

describe("leadOf", () => {
  const position = (currentTime: number, buffered: [number, number][], playbackRate = 1) => ({
    currentTime,
    paused: false,
    playbackRate,
    buffered,
  });
  it("is what is buffered past the playhead in the range holding it", () => {
    expect(
      leadOf(
        position(4, [
          [0, 10],
          [20, 30],
        ]),
      ),
    ).toBe(6);
    expect(
      leadOf(
        position(25, [
          [0, 10],
          [20, 30],
        ]),
      ),
    ).toBe(5);
  });
  it("is 0 in a gap or with nothing buffered", () => {
    expect(
      leadOf(
        position(12, [
          [0, 10],
          [20, 30],
        ]),
      ),
    ).toBe(0);
    expect(leadOf(position(0, []))).toBe(0);
  });
  it("is playing time: at 4x, 8 s of media last 2 s; paused or slow counts as normal speed", () => {
    expect(leadOf(position(2, [[0, 10]], 4))).toBe(2);
    expect(leadOf(position(2, [[0, 10]], 0))).toBe(8);
    expect(leadOf(position(2, [[0, 10]], 0.5))).toBe(8);
  });
});
