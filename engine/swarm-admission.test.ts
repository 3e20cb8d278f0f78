import { describe, expect, it } from "vitest";
import { admitSwarm, type AdmissionState } from "./swarm-admission";

const LIMITS = { swarmsPerFrame: 2, swarmsPerSite: 3, swarms: 4 };
const A = "https://a.example";
const B = "https://b.example";

function state(
  frameSwarms: AdmissionState["frameSwarms"],
  sites: [string, string][],
  onlyThisFrame: string[] = [],
): AdmissionState {
  return { frameSwarms, swarmSites: new Map(sites), onlyThisFrame: new Set(onlyThisFrame) };
}

describe("admitSwarm", () => {
  it("admits a swarm the frame is already in, whatever the counts", () => {
    const full = state(
      [
        { key: "a1", idle: false },
        { key: "a2", idle: false },
      ],
      [
        ["a1", A],
        ["a2", A],
        ["a3", A],
        ["b1", B],
      ],
    );
    expect(admitSwarm(LIMITS, full, "a2", A)).toEqual({ admit: true, leave: [] });
  });

  it("leaves the frame's idle swarms, oldest first, to make room", () => {
    const frame = state(
      [
        { key: "a1", idle: true },
        { key: "a2", idle: false },
      ],
      [
        ["a1", A],
        ["a2", A],
      ],
      ["a1"],
    );
    expect(admitSwarm(LIMITS, frame, "a3", A)).toEqual({ admit: true, leave: ["a1"] });
  });

  it("refuses a third swarm for a frame busy in two", () => {
    const frame = state(
      [
        { key: "a1", idle: false },
        { key: "a2", idle: false },
      ],
      [
        ["a1", A],
        ["a2", A],
      ],
    );
    expect(admitSwarm(LIMITS, frame, "a3", A)).toEqual({
      admit: false,
      limit: "frame-swarm-limit",
      leave: [],
    });
  });

  it("refuses a new swarm past the site's limit, but lets the frame join an existing one", () => {
    const sites: [string, string][] = [
      ["a1", A],
      ["a2", A],
      ["a3", A],
    ];
    expect(admitSwarm(LIMITS, state([], sites), "a4", A)).toMatchObject({
      admit: false,
      limit: "site-swarm-limit",
    });
    expect(admitSwarm(LIMITS, state([], sites), "a3", A)).toEqual({ admit: true, leave: [] });
    expect(admitSwarm(LIMITS, state([], sites), "b1", B)).toEqual({ admit: true, leave: [] });
  });

  it("counts a swarm the frame's leaving closes as gone", () => {
    const frame = state(
      [
        { key: "a1", idle: true },
        { key: "a2", idle: false },
      ],
      [
        ["a1", A],
        ["a2", A],
        ["a3", A],
      ],
      ["a1"],
    );
    expect(admitSwarm(LIMITS, frame, "a4", A)).toEqual({ admit: true, leave: ["a1"] });
  });

  it("refuses any site's new swarm when the engine is full", () => {
    const sites: [string, string][] = [
      ["a1", A],
      ["a2", A],
      ["a3", A],
      ["c1", "https://c.example"],
    ];
    expect(admitSwarm(LIMITS, state([], sites), "b1", B)).toMatchObject({
      admit: false,
      limit: "engine-swarm-limit",
    });
  });
});
