/**
 * Whether a frame may load a swarm, under ENGINE_LIMITS (messaging/engine-limits.ts). Pure: the engine
 * describes who is in which swarm, this says which of the frame's idle swarms to leave first
 * and whether the load is admitted.
 */

/** Why a load was refused. */
export type SwarmLimit = "frame-swarm-limit" | "site-swarm-limit" | "engine-swarm-limit";

export interface AdmissionLimits {
  swarmsPerFrame: number;
  swarmsPerSite: number;
  swarms: number;
}

export interface AdmissionState {
  /** The frame's swarms, oldest joined first, each with whether the frame's queue there is empty. */
  frameSwarms: readonly { key: string; idle: boolean }[];
  /** The site of every swarm in the engine, by key. */
  swarmSites: ReadonlyMap<string, string>;
  /** Swarms that close when this frame leaves them (nobody else is in them). */
  onlyThisFrame: ReadonlySet<string>;
}

export type Admission =
  { admit: true; leave: string[] } | { admit: false; limit: SwarmLimit; leave: string[] };

/** Decides `frame`'s load of swarm `key` of `site`. */
export function admitSwarm(
  limits: AdmissionLimits,
  state: AdmissionState,
  key: string,
  site: string,
): Admission {
  if (state.frameSwarms.some((swarm) => swarm.key === key)) return { admit: true, leave: [] };
  const leave: string[] = [];
  let inFrame = state.frameSwarms.length;
  for (const swarm of state.frameSwarms) {
    if (inFrame < limits.swarmsPerFrame) break;
    if (!swarm.idle) continue;
    leave.push(swarm.key);
    inFrame--;
  }
  if (inFrame >= limits.swarmsPerFrame) return { admit: false, limit: "frame-swarm-limit", leave };
  if (state.swarmSites.has(key)) return { admit: true, leave };
  const closing = new Set(leave.filter((left) => state.onlyThisFrame.has(left)));
  let ofSite = 0;
  let all = 0;
  for (const [other, otherSite] of state.swarmSites) {
    if (closing.has(other)) continue;
    all++;
    if (otherSite === site) ofSite++;
  }
  if (ofSite >= limits.swarmsPerSite) return { admit: false, limit: "site-swarm-limit", leave };
  if (all >= limits.swarms) return { admit: false, limit: "engine-swarm-limit", leave };
  return { admit: true, leave };
}
