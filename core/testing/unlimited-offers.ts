import type { SwarmJoinOptions } from "../transport/transport.js";

/**
 * The budget side of a join for tests' own members (a scripted peer, a bare tracker client):
 * every offer granted and answered, nothing counted.
 */
export const unlimitedOffers: Pick<SwarmJoinOptions, "takeOffers" | "takePending"> = {
  takeOffers: (want) => ({
    count: want,
    held: 0,
    trim: () => undefined,
    claim: () => () => undefined,
    cancel: () => undefined,
  }),
  takePending: () => () => undefined,
};
