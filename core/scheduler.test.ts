import { describe, expect, it } from "vitest";
import {
  type Action,
  type ActiveView,
  type QueueItem,
  type SchedulerState,
  planDownloads,
  planRandomHttp,
} from "./scheduler.js";
import { type Settings, resolveSettings } from "./settings.js";

interface Scenario {
  now?: number;
  settings?: Partial<Settings>;
  /** [id, priority], most urgent first. */
  queue: [string, number][];
  held?: string[];
  active?: Record<string, Partial<ActiveView> & { method: "http" | "p2p" }>;
  httpFailedAt?: Record<string, number>;
  excluded?: Record<string, string[]>;
  p2pEnabled?: boolean;
  initialP2POnly?: boolean;
  /** Which peers hold which segments, in the order pickPeer prefers them. */
  peers?: Record<string, string[]>;
  /** Segments some connected peer holds, if not derived from `peers`. */
  available?: string[];
  connected?: number;
  known?: number;
  alone?: boolean;
  joining?: boolean;
}

/** A hand-built snapshot; pickPeer returns the first holder not excluded, like a real peer pick. */
function state(scenario: Scenario): SchedulerState {
  const holders = (id: string) =>
    Object.entries(scenario.peers ?? {})
      .filter(([, ids]) => ids.includes(id))
      .map(([peerId]) => peerId);
  const active = new Map<string, ActiveView>(
    Object.entries(scenario.active ?? {}).map(([id, view]) => [
      id,
      { random: false, lastProgressAt: scenario.now ?? 0, ...view },
    ]),
  );
  const queue: QueueItem[] = scenario.queue.map(([id, priority]) => ({ id, priority }));
  return {
    now: scenario.now ?? 0,
    settings: resolveSettings(scenario.settings ?? {}),
    queue,
    isHeld: (id) => (scenario.held ?? []).includes(id),
    active,
    httpFailedAt: new Map(Object.entries(scenario.httpFailedAt ?? {})),
    excludedPeers: (id) => new Set(scenario.excluded?.[id] ?? []),
    p2pEnabled: scenario.p2pEnabled ?? true,
    initialP2POnly: scenario.initialP2POnly ?? false,
    peersView: {
      connected: scenario.connected ?? Object.keys(scenario.peers ?? {}).length,
      known: scenario.known ?? 0,
      alone: scenario.alone ?? false,
      joining: scenario.joining ?? false,
      pickPeer: (id, exclude) => holders(id).find((peerId) => !exclude.has(peerId)),
      isAvailable: (id) =>
        scenario.available ? scenario.available.includes(id) : holders(id).length > 0,
    },
  };
}

const http = (id: string): Action => ({ kind: "http", id, random: false });
const p2p = (id: string, peerId: string, urgent: boolean): Action => ({
  kind: "p2p",
  id,
  peerId,
  urgent,
});

describe("planDownloads", () => {
  const cases: [string, Scenario, Action[]][] = [
    ["empty queue: nothing to do", { queue: [] }, []],
    [
      "required segments with no peer go HTTP at once",
      {
        queue: [
          ["s0", 0],
          ["s1", 1],
        ],
      },
      [http("s0"), http("s1")],
    ],
    [
      "just joined with peers not connected yet: only the segment needed next goes HTTP",
      {
        queue: [
          ["s0", 0],
          ["s1", 1],
        ],
        joining: true,
      },
      [http("s0")],
    ],
    [
      "just joined: a connected peer that holds a needed-soon segment still serves it",
      {
        queue: [
          ["s0", 0],
          ["s1", 1],
        ],
        joining: true,
        peers: { p1: ["s1"] },
      },
      [http("s0"), p2p("s1", "p1", true)],
    ],
    [
      "a peer holding a required segment is preferred to HTTP",
      { queue: [["s0", 0]], peers: { p1: ["s0"] } },
      [p2p("s0", "p1", true)],
    ],
    [
      "non-required segments wait for peers: no HTTP",
      {
        queue: [
          ["s2", 2],
          ["s5", 5],
        ],
      },
      [],
    ],
    [
      "non-required segments go to a peer that holds them, marked not urgent",
      { queue: [["s2", 2]], peers: { p1: ["s2"] } },
      [p2p("s2", "p1", false)],
    ],
    [
      "requiredSegmentsPriority decides what is urgent",
      {
        settings: { requiredSegmentsPriority: 3 },
        queue: [
          ["s3", 3],
          ["s4", 4],
        ],
      },
      [http("s3")],
    ],
    [
      "held segments are skipped",
      {
        queue: [
          ["s0", 0],
          ["s1", 1],
        ],
        held: ["s0"],
      },
      [http("s1")],
    ],
    [
      "segments already downloading are not started again",
      {
        queue: [
          ["s0", 0],
          ["s1", 1],
        ],
        active: { s0: { method: "http" } },
      },
      [http("s1")],
    ],
    [
      "simultaneousHttpDownloads caps new HTTP downloads",
      {
        settings: { requiredSegmentsPriority: 5 },
        queue: [
          ["a", 0],
          ["b", 1],
          ["c", 2],
          ["d", 3],
        ],
      },
      [http("a"), http("b")],
    ],
    [
      "running HTTP downloads count against the limit",
      {
        settings: { requiredSegmentsPriority: 5 },
        queue: [
          ["a", 0],
          ["b", 1],
          ["c", 2],
        ],
        active: { x: { method: "http" } },
      },
      [http("a")],
    ],
    [
      "simultaneousP2PDownloads caps new peer downloads",
      {
        settings: { simultaneousP2PDownloads: 2 },
        queue: [
          ["a", 3],
          ["b", 4],
          ["c", 5],
        ],
        peers: { p1: ["a"], p2: ["b"], p3: ["c"] },
      },
      [p2p("a", "p1", false), p2p("b", "p2", false)],
    ],
    [
      "running peer downloads count against the limit",
      {
        settings: { simultaneousP2PDownloads: 2 },
        queue: [
          ["a", 3],
          ["b", 4],
        ],
        active: { x: { method: "p2p" } },
        peers: { p1: ["a"], p2: ["b"] },
      },
      [p2p("a", "p1", false)],
    ],
    [
      "p2p slots full: a required segment falls back to HTTP",
      {
        settings: { simultaneousP2PDownloads: 1 },
        queue: [["a", 0]],
        active: { x: { method: "p2p" } },
        peers: { p1: ["a"] },
      },
      [http("a")],
    ],
    [
      "p2pDownloadMaxPriority: segments above it are never asked of peers",
      {
        settings: { p2pDownloadMaxPriority: 3 },
        queue: [
          ["a", 3],
          ["b", 4],
        ],
        peers: { p1: ["a"], p2: ["b"] },
      },
      [p2p("a", "p1", false)],
    ],
    [
      "p2pDownloadMaxPriority 0: a required priority-1 segment held by a peer goes HTTP",
      {
        settings: { p2pDownloadMaxPriority: 0 },
        queue: [["a", 1]],
        peers: { p1: ["a"] },
      },
      [http("a")],
    ],
    [
      "httpDownloadMaxPriority: required segments above it never go HTTP",
      {
        settings: { requiredSegmentsPriority: 5, httpDownloadMaxPriority: 2 },
        queue: [
          ["a", 2],
          ["b", 3],
        ],
      },
      [http("a")],
    ],
    [
      "P2P disabled: peers are not used even if they hold the segment",
      {
        queue: [
          ["a", 0],
          ["b", 2],
        ],
        peers: { p1: ["a", "b"] },
        p2pEnabled: false,
      },
      [http("a")],
    ],
    [
      "excluded peers are not picked",
      {
        queue: [["a", 2]],
        peers: { p1: ["a"], p2: ["a"] },
        excluded: { a: ["p1"] },
      },
      [p2p("a", "p2", false)],
    ],
    [
      "the only holder excluded: a required segment goes HTTP",
      { queue: [["a", 0]], peers: { p1: ["a"] }, excluded: { a: ["p1"] } },
      [http("a")],
    ],
    [
      "one peer is not given two segments in one pass",
      {
        queue: [
          ["a", 2],
          ["b", 3],
        ],
        peers: { p1: ["a", "b"] },
      },
      [p2p("a", "p1", false)],
    ],
    [
      "a second segment goes to another holder",
      {
        queue: [
          ["a", 2],
          ["b", 3],
        ],
        peers: { p1: ["a", "b"], p2: ["b"] },
      },
      [p2p("a", "p1", false), p2p("b", "p2", false)],
    ],
    [
      "a segment needed next whose only holder is claimed this pass goes HTTP",
      {
        queue: [
          ["a", 0],
          ["b", 0],
        ],
        peers: { p1: ["a", "b"] },
      },
      [p2p("a", "p1", true), http("b")],
    ],
    [
      "a required priority-1 segment whose only holder is claimed this pass waits for it",
      {
        queue: [
          ["a", 0],
          ["b", 1],
        ],
        peers: { p1: ["a", "b"] },
      },
      [p2p("a", "p1", true)],
    ],
    [
      "a required priority-1 segment whose only holder failed it goes HTTP",
      { queue: [["a", 1]], peers: { p1: ["a"] }, excluded: { a: ["p1"] } },
      [http("a")],
    ],
    [
      "required priority-1 segments beyond the P2P slots wait for a slot, those no peer has go HTTP",
      {
        settings: { simultaneousP2PDownloads: 1 },
        queue: [
          ["a", 1],
          ["b", 1],
          ["c", 1],
        ],
        peers: { p1: ["a", "b"], p2: ["a", "b"] },
      },
      [p2p("a", "p1", true), http("c")],
    ],
    [
      "initialP2POnly holds back HTTP for required segments",
      {
        queue: [
          ["a", 0],
          ["b", 1],
        ],
        initialP2POnly: true,
      },
      [],
    ],
    [
      "initialP2POnly still uses peers",
      {
        queue: [
          ["a", 0],
          ["b", 1],
        ],
        initialP2POnly: true,
        peers: { p1: ["b"] },
      },
      [p2p("b", "p1", true)],
    ],
  ];

  it.each(cases)("%s", (_name, scenario, expected) => {
    expect(planDownloads(state(scenario))).toEqual(expected);
  });

  describe("httpFailedSegmentTimeout", () => {
    const scenario = (now: number): Scenario => ({
      now,
      queue: [["a", 0]],
      httpFailedAt: { a: 5000 },
    });

    it("blocks an HTTP retry until it has passed", () => {
      expect(planDownloads(state(scenario(5000)))).toEqual([]);
      expect(planDownloads(state(scenario(5000 + 9_999)))).toEqual([]);
    });

    it("allows the retry once it has passed", () => {
      expect(planDownloads(state(scenario(5000 + 10_000)))).toEqual([http("a")]);
      expect(planDownloads(state(scenario(5000 + 60_000)))).toEqual([http("a")]);
    });

    it("does not block a peer download of the failed segment", () => {
      const withPeer = { ...scenario(5001), peers: { p1: ["a"] } };
      expect(planDownloads(state(withPeer))).toEqual([p2p("a", "p1", true)]);
    });

    it("honours a custom timeout", () => {
      const custom = { ...scenario(5000 + 499), settings: { httpFailedSegmentTimeout: 500 } };
      expect(planDownloads(state(custom))).toEqual([]);
      const after = { ...scenario(5000 + 500), settings: { httpFailedSegmentTimeout: 500 } };
      expect(planDownloads(state(after))).toEqual([http("a")]);
    });
  });

  describe("make-room", () => {
    it("a priority-0 segment aborts a random HTTP download to take its slot", () => {
      const actions = planDownloads(
        state({
          queue: [["now", 0]],
          active: { r1: { method: "http", random: false }, r2: { method: "http", random: true } },
        }),
      );
      expect(actions).toEqual([{ kind: "abort", id: "r2", reason: "make-room" }, http("now")]);
    });

    it("needed (non-random) HTTP downloads are never aborted", () => {
      const actions = planDownloads(
        state({
          queue: [["now", 0]],
          active: { n1: { method: "http" }, n2: { method: "http" } },
        }),
      );
      expect(actions).toEqual([]);
    });

    it("only priority 0 makes room; priority 1 waits", () => {
      const actions = planDownloads(
        state({
          queue: [["next", 1]],
          active: { r1: { method: "http", random: true }, r2: { method: "http", random: true } },
        }),
      );
      expect(actions).toEqual([]);
    });

    it("a random P2P download is not a victim", () => {
      const actions = planDownloads(
        state({
          queue: [["now", 0]],
          active: {
            n1: { method: "http" },
            n2: { method: "http" },
            p: { method: "p2p", random: true },
          },
        }),
      );
      expect(actions).toEqual([]);
    });
  });

  describe("p2p-too-slow", () => {
    const stalled = (now: number, priority: number, method: "http" | "p2p" = "p2p"): Scenario => ({
      now,
      queue: [["a", priority]],
      active: { a: { method, lastProgressAt: 10_000 } },
    });

    it("a stalled urgent P2P download is aborted", () => {
      expect(planDownloads(state(stalled(10_000 + 1501, 0)))).toEqual([
        { kind: "abort", id: "a", reason: "p2p-too-slow" },
      ]);
      expect(planDownloads(state(stalled(10_000 + 1501, 1)))).toEqual([
        { kind: "abort", id: "a", reason: "p2p-too-slow" },
      ]);
    });

    it("is not aborted before p2pRequiredSegmentTimeout has passed", () => {
      expect(planDownloads(state(stalled(10_000 + 1500, 0)))).toEqual([]);
      expect(planDownloads(state(stalled(10_000, 0)))).toEqual([]);
    });

    it("non-urgent P2P downloads and HTTP downloads are never aborted as too slow", () => {
      expect(planDownloads(state(stalled(10_000 + 100_000, 2)))).toEqual([]);
      expect(planDownloads(state(stalled(10_000 + 100_000, 0, "http")))).toEqual([]);
    });

    it("honours a custom p2pRequiredSegmentTimeout", () => {
      const scenario = {
        ...stalled(10_000 + 201, 0),
        settings: { p2pRequiredSegmentTimeout: 200 },
      };
      expect(planDownloads(state(scenario))).toEqual([
        { kind: "abort", id: "a", reason: "p2p-too-slow" },
      ]);
    });

    it("the aborted download frees its P2P slot for the rest of the queue", () => {
      const actions = planDownloads(
        state({
          now: 20_000,
          settings: { simultaneousP2PDownloads: 1 },
          queue: [
            ["a", 0],
            ["b", 3],
          ],
          active: { a: { method: "p2p", lastProgressAt: 10_000 } },
          peers: { p2: ["b"] },
        }),
      );
      expect(actions).toEqual([
        { kind: "abort", id: "a", reason: "p2p-too-slow" },
        p2p("b", "p2", false),
      ]);
    });
  });
});

describe("planRandomHttp", () => {
  const always = () => 0;

  it("fetches the most urgent pending segment at every check when alone", () => {
    const scenario: Scenario = {
      queue: [
        ["a", 3],
        ["b", 4],
      ],
      alone: true,
    };
    const almostOne = () => 0.999_999;
    expect(planRandomHttp(state(scenario), almostOne)).toEqual({
      kind: "http",
      id: "a",
      random: true,
    });
    expect(planRandomHttp(state({ ...scenario, alone: false }), almostOne)).toBeUndefined();
  });

  it("returns nothing when skip-if-no-peers is set and no peer is connected", () => {
    const scenario: Scenario = {
      settings: { httpDownloadProbabilitySkipIfNoPeers: true },
      queue: [["a", 5]],
      connected: 0,
      known: 10,
    };
    expect(planRandomHttp(state(scenario), always)).toBeUndefined();
    // The same with one peer connected does roll.
    expect(planRandomHttp(state({ ...scenario, connected: 1 }), always)).toEqual({
      kind: "http",
      id: "a",
      random: true,
    });
  });

  it("without skip-if-no-peers it rolls even alone", () => {
    expect(planRandomHttp(state({ queue: [["a", 5]], connected: 0 }), always)).toEqual({
      kind: "http",
      id: "a",
      random: true,
    });
  });

  it("returns nothing when the HTTP slots are full", () => {
    const scenario: Scenario = {
      queue: [["a", 5]],
      active: { x: { method: "http" }, y: { method: "http", random: true } },
    };
    expect(planRandomHttp(state(scenario), always)).toBeUndefined();
    // P2P downloads do not take HTTP slots.
    const p2pOnly: Scenario = {
      ...scenario,
      active: { x: { method: "p2p" }, y: { method: "p2p" } },
    };
    expect(planRandomHttp(state(p2pOnly), always)).toEqual({ kind: "http", id: "a", random: true });
  });

  it("returns nothing when everything pending is available from peers", () => {
    const scenario: Scenario = {
      queue: [
        ["a", 3],
        ["b", 4],
      ],
      peers: { p1: ["a"], p2: ["b"] },
    };
    expect(planRandomHttp(state(scenario), always)).toBeUndefined();
  });

  it("returns nothing for an empty queue", () => {
    expect(planRandomHttp(state({ queue: [] }), always)).toBeUndefined();
  });

  it("picks the most urgent pending segment", () => {
    const scenario: Scenario = {
      now: 100,
      queue: [
        ["held", 1],
        ["busy", 2],
        ["failed", 3],
        ["onpeer", 4],
        ["pick", 5],
        ["later", 6],
      ],
      held: ["held"],
      active: { busy: { method: "p2p" } },
      httpFailedAt: { failed: 50 },
      peers: { p1: ["onpeer"] },
    };
    expect(planRandomHttp(state(scenario), always)).toEqual({
      kind: "http",
      id: "pick",
      random: true,
    });
  });

  it("ignores segments above httpDownloadMaxPriority", () => {
    const scenario: Scenario = { settings: { httpDownloadMaxPriority: 4 }, queue: [["a", 5]] };
    expect(planRandomHttp(state(scenario), always)).toBeUndefined();
  });

  it("rolls against httpDownloadProbability * pending / (max(connected, known) + 1)", () => {
    // 3 pending, swarm of max(2, 4) = 4: 0.1 * 3 / 5 = 0.06
    const scenario: Scenario = {
      queue: [
        ["a", 3],
        ["b", 4],
        ["c", 5],
        ["d", 6],
      ],
      peers: { p1: ["d"], p2: [] },
      connected: 2,
      known: 4,
    };
    const threshold = (0.1 * 3) / 5;
    const below = () => threshold - 1e-9;
    const above = () => threshold + 1e-9;
    expect(planRandomHttp(state(scenario), below)).toEqual({ kind: "http", id: "a", random: true });
    expect(planRandomHttp(state(scenario), above)).toBeUndefined();
    // The swarm size is the larger of the two counts, not their sum.
    const swapped = { ...scenario, connected: 4, known: 2 };
    expect(planRandomHttp(state(swapped), below)).toEqual({ kind: "http", id: "a", random: true });
    expect(planRandomHttp(state(swapped), above)).toBeUndefined();
  });

  it("the probability scales with httpDownloadProbability and the swarm size", () => {
    // 1 pending, probability 0.5, swarm 0: threshold 0.5
    const alone: Scenario = { settings: { httpDownloadProbability: 0.5 }, queue: [["a", 5]] };
    expect(planRandomHttp(state(alone), () => 0.49)).toBeDefined();
    expect(planRandomHttp(state(alone), () => 0.51)).toBeUndefined();
    // The same with 9 known peers: threshold 0.05
    const crowd = { ...alone, known: 9 };
    expect(planRandomHttp(state(crowd), () => 0.049)).toBeDefined();
    expect(planRandomHttp(state(crowd), () => 0.051)).toBeUndefined();
  });

  it("probability 0 never fetches", () => {
    const scenario: Scenario = { settings: { httpDownloadProbability: 0 }, queue: [["a", 5]] };
    expect(planRandomHttp(state(scenario), always)).toBeUndefined();
  });
});
